import { documentText } from "./chunk.js";
import type { SourceDocument } from "./document.js";

export interface DroppedDuplicate {
  dropped: string;
  keptInstead: string;
  similarity: number;
}

const SHINGLE_WORDS = 5;
export const NEAR_DUPLICATE_THRESHOLD = 0.7;

/**
 * Drops documents whose wording nearly matches another's (the same article in two formats),
 * keeping the one with richer metadata. Similarity is Jaccard over word 5-gram shingles.
 */
export function dropNearDuplicates(documents: SourceDocument[], threshold = NEAR_DUPLICATE_THRESHOLD): { kept: SourceDocument[]; dropped: DroppedDuplicate[] } {
  const ranked = [...documents].sort((a, b) => richness(b) - richness(a) || a.source.localeCompare(b.source));
  const kept: Array<{ document: SourceDocument; shingles: Set<string> }> = [];
  const dropped: DroppedDuplicate[] = [];
  for (const document of ranked) {
    const shingles = shingle(documentText(document));
    const twin = kept
      .map((other) => ({ other, similarity: jaccard(shingles, other.shingles) }))
      .find(({ similarity }) => similarity >= threshold);
    if (twin) {
      dropped.push({ dropped: document.source, keptInstead: twin.other.document.source, similarity: twin.similarity });
    } else {
      kept.push({ document, shingles });
    }
  }
  const order = new Map(documents.map((document, index) => [document.source, index]));
  return {
    kept: kept.map(({ document }) => document).sort((a, b) => (order.get(a.source) ?? 0) - (order.get(b.source) ?? 0)),
    dropped,
  };
}

/** More metadata wins: a real title and a real link beat ones derived from the file name. */
export function richness(document: SourceDocument): number {
  return (document.metadata.titleFromMetadata ? 2 : 0) + (document.metadata.urlFromMetadata ? 2 : 0) + (document.format === "markdown" ? 0.5 : 0);
}

export function shingle(text: string): Set<string> {
  const words = text
    .toLowerCase()
    .replace(/\{#[^}]*\}/g, " ")
    .split(/[^\p{Letter}\p{Number}]+/u)
    .filter(Boolean);
  const shingles = new Set<string>();
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) shingles.add(words.slice(i, i + SHINGLE_WORDS).join(" "));
  if (shingles.size === 0 && words.length > 0) shingles.add(words.join(" "));
  return shingles;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const item of small) if (large.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}
