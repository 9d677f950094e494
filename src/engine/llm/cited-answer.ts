import type { Chunk } from "../../corpus/document.js";
import { contentTerms } from "../../index/terms.js";
import { Answer, type Citation } from "../answer.js";
import { refusalText } from "../refusal.js";
import type { Passage } from "../retrieve.js";
import type { CitedSentence } from "./validate-citations.js";

const QUOTE_FALLBACK_CHARS = 200;

export interface Accepted {
  text: string;
  cited: number[];
  sentences: CitedSentence[];
}

/** The Answer for a validated generated text: citations for the cited passages, numbered as the text uses them. */
export function citedAnswer(accepted: Accepted, passages: readonly Passage[], extractive: Answer, generator: string, elapsedMs: number): Answer {
  const citations = accepted.cited.flatMap((given, i): Citation[] => {
    const passage = passages[given - 1];
    if (!passage) return [];
    const claims = accepted.sentences.filter((sentence) => sentence.passages.includes(given)).map((sentence) => sentence.text);
    const { id, source, title, section, url } = passage.chunk;
    return [{ id: i + 1, chunkId: id, source, title, section, url, score: round(passage.dense), quote: bestQuote(passage.chunk, claims) }];
  });
  return Answer.parse({ ...extractive, answer: accepted.text, grounded: true, citations, timings: withGeneration(extractive, elapsedMs), generator, related: [] });
}

/** The model judged the passages not to answer the question: a refusal, in the extractive composer's words. */
export function notCoveredAnswer(passages: readonly Passage[], extractive: Answer, generator: string, elapsedMs: number): Answer {
  const related = [...new Set(passages.map((passage) => passage.chunk.section))].slice(0, 3);
  return Answer.parse({ ...extractive, answer: refusalText(related), grounded: false, citations: [], timings: withGeneration(extractive, elapsedMs), generator, related });
}

/** The passage unit sharing most content words with the claims that cite it, else the passage's opening. */
function bestQuote(chunk: Chunk, claims: readonly string[]): string {
  const wanted = new Set(claims.flatMap((claim) => contentTerms(claim)));
  let best: { text: string; overlap: number } | undefined;
  for (const unit of chunk.units) {
    if (unit.kind === "code") continue;
    const overlap = new Set(contentTerms(unit.text).filter((term) => wanted.has(term))).size;
    if (overlap > 0 && (!best || overlap > best.overlap)) best = { text: unit.text, overlap };
  }
  if (best) return best.text;
  const opening = chunk.text.trim();
  return opening.length > QUOTE_FALLBACK_CHARS ? `${opening.slice(0, QUOTE_FALLBACK_CHARS - 1).trimEnd()}…` : opening;
}

function withGeneration(extractive: Answer, elapsedMs: number): Answer["timings"] {
  return { ...extractive.timings, composeMs: extractive.timings.composeMs + elapsedMs, totalMs: extractive.timings.totalMs + elapsedMs };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
