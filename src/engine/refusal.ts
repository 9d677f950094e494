import type { Composition } from "./compose.js";

/** Similarity at which a sentence answers the question whatever words it uses (a close paraphrase). */
const PARAPHRASE_SIMILARITY = 0.62;
/** Share of the question's distinctive words the corpus must know before lexical support counts. */
const MIN_VOCABULARY = 0.35;
/** Below this similarity, only a passage that shares most of the question's words ("Hystrix?") can answer. */
const WEAK_SIMILARITY = 0.35;
const STRONG_COVERAGE = 0.5;

/**
 * Whether the best evidence supports answering. Semantic similarity alone is not enough: an off-topic
 * technical question ("how do I center a div?") sits as close to this corpus as a loosely worded on-topic
 * one. So the question's distinctive words must also be words the corpus uses, unless a sentence is a
 * close paraphrase. MIN_EVIDENCE is the bar for the combined support; `npm run eval` measures it.
 */
export function isSupported(evidence: Composition["evidence"], minEvidence: number): boolean {
  if (evidence.similarity >= Math.max(PARAPHRASE_SIMILARITY, minEvidence)) return true;
  if (evidence.vocabulary < MIN_VOCABULARY) return false;
  if (evidence.similarity < WEAK_SIMILARITY && evidence.coverage < STRONG_COVERAGE) return false;
  return supportScore(evidence) >= minEvidence;
}

export function supportScore(evidence: Composition["evidence"]): number {
  return evidence.similarity + 0.2 * evidence.vocabulary + 0.1 * evidence.coverage;
}

export function refusalText(related: string[]): string {
  const nearest = related.length > 0 ? ` The closest topics I do cover: ${related.map((topic) => `“${topic}”`).join("; ")}.` : "";
  return `I don't know: the documents I have don't cover that.${nearest} Try rephrasing, or say \`help\` to see what I know.`;
}
