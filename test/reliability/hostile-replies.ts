import fc from "fast-check";
import type { Reply } from "../../src/chat/reply.js";
import type { Answer, Citation } from "../../src/engine/answer.js";
import { hostileLabel, hostileMix, hostileText, hostileUrl } from "./hostile-text.js";

// Properties over these replies run with endOnFailure: shrinking a reply with thirty 100 KB quotes takes minutes,
// and each defect found so far also has a small pinned example next to its property.

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
    quote: fc.oneof({ weight: 9, arbitrary: hostileMix }, { weight: 1, arbitrary: hostileText }),
  });

// The engine cites at most 8 passages; a few replies go past Discord's 25 fields per embed to exercise the split.
const citations: fc.Arbitrary<Citation[]> = fc
  .oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 8 }) }, { weight: 1, arbitrary: fc.integer({ min: 9, max: 30 }) })
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
    // A corpus sentence that quotes what the user typed, as an answer to "what does <!channel> do?" might. Each
    // text starts a line: toSlackMrkdwn is quadratic in a long run of "`" or "[" inside a line (see
    // docs/reliability.md), which would make a 100 KB run cost seconds rather than find anything new.
    answer: repeatsQuestion ? `${question} [1]\n${own} [2]` : own,
    grounded,
    citations: cited,
    timings: { embedMs: 1, retrieveMs: 1, composeMs: 1, totalMs: 3 },
    generator: "extractive",
    related,
  }));

/** Notices and apologies always say something (the conversation layer writes them), but may quote anything. */
const visibleText = hostileText.map((text) => `Sorry:\n${text}`);

export const hostileReply: fc.Arbitrary<Reply> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("answer" as const), answer: hostileAnswer, answerId: fc.stringMatching(/^[A-Za-z0-9_-]{8}$/) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("notice" as const),
      reason: fc.constantFrom("empty" as const, "too_long" as const, "rate_limited" as const, "usage" as const, "help" as const, "not_allowed" as const),
      text: visibleText,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("error" as const), referenceId: fc.stringMatching(/^E-[0-9A-F]{8}$/), text: visibleText }) },
);
