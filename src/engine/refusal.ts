import type { Composition } from "./compose.js";

/**
 * Whether the best evidence supports answering. The sentence similarity must clear MIN_EVIDENCE, or come
 * close while the passage also shares most of the question's distinctive words (exact names that the
 * embedder misses). Thresholds were calibrated with `npm run eval` on on-topic and off-topic questions.
 */
export function isSupported(evidence: Composition["evidence"], minEvidence: number): boolean {
  if (evidence.similarity >= minEvidence) return true;
  return evidence.similarity >= minEvidence - 0.12 && evidence.coverage >= 0.6;
}

export function refusalText(related: string[]): string {
  const nearest = related.length > 0 ? ` The closest topics I do cover: ${related.map((topic) => `“${topic}”`).join("; ")}.` : "";
  return `I don't know: the documents I have don't cover that.${nearest} Try rephrasing, or say \`help\` to see what I know.`;
}
