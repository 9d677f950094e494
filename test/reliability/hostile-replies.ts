import fc from "fast-check";
import type { Reply } from "../../src/chat/types.js";
import type { Answer, Citation } from "../../src/engine/answer.js";
import { hostileLabel, hostileMix, hostileText, hostileUrl } from "./hostile-text.js";

// Replies as the adapters receive them, with hostile text wherever a user (the question) or a corpus document
// (answer sentences, quotes, titles, sections, URLs, related topics) can put it.

const citation = (id: number): fc.Arbitrary<Citation> =>
  fc.record({
    id: fc.constant(id),
    chunkId: fc.constant(`doc#${id}`),
    source: fc.oneof(fc.constant(`corpus/doc-${id}.md`), hostileLabel),
    title: hostileLabel,
    section: hostileLabel,
    url: hostileUrl,
    score: fc.double({ min: 0, max: 1, noNaN: true }),
    quote: fc.oneof({ weight: 4, arbitrary: hostileMix }, { weight: 1, arbitrary: hostileText }),
  });

const citations: fc.Arbitrary<Citation[]> = fc
  .integer({ min: 0, max: 40 })
  .chain((count) => (count === 0 ? fc.constant([]) : fc.tuple(...Array.from({ length: count }, (_, i) => citation(i + 1)))));

export const hostileAnswer: fc.Arbitrary<Answer> = fc
  .record({
    question: hostileText,
    own: hostileText,
    repeatsQuestion: fc.boolean(),
    grounded: fc.boolean(),
    citations,
    related: fc.array(hostileLabel, { maxLength: 5 }),
  })
  .map(({ question, own, repeatsQuestion, grounded, citations: cited, related }) => ({
    question,
    // A corpus sentence that quotes what the user typed, as an answer to "what does <!channel> do?" might.
    answer: repeatsQuestion ? `${question} [1] ${own} [2]` : own,
    grounded,
    citations: cited,
    timings: { embedMs: 1, retrieveMs: 1, composeMs: 1, totalMs: 3 },
    generator: "extractive",
    related,
  }));

export const hostileReply: fc.Arbitrary<Reply> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("answer" as const), answer: hostileAnswer, answerId: fc.stringMatching(/^[A-Za-z0-9_-]{8}$/) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("notice" as const),
      reason: fc.constantFrom("empty" as const, "too_long" as const, "rate_limited" as const, "usage" as const, "help" as const, "not_allowed" as const),
      text: hostileText,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("error" as const), referenceId: fc.stringMatching(/^E-[0-9A-F]{8}$/), text: hostileText }) },
);
