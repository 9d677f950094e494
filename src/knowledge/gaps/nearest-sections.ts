import type { Chunk } from "../../corpus/document.js";
import { dot, row, type VectorMatrix } from "../../index/vectors.js";

/** The part of a loaded index the gap report reads: each chunk and its vector (LoadedIndex satisfies it). */
export interface SectionVectors {
  chunks: readonly Chunk[];
  chunkVectors: VectorMatrix;
}

export interface NearSection {
  source: string;
  title: string;
  section: string;
  url: string;
  similarity: number;
}

/**
 * The `k` sections whose chunk vectors are most similar to `vector` (a cluster's centroid), one entry per section
 * (a long section is several chunks). Exact, by a scan of every row: the report runs rarely and must not miss one.
 */
export function nearestSections(vector: readonly number[], index: SectionVectors, k: number): NearSection[] {
  const best = new Map<string, NearSection>();
  index.chunks.forEach((chunk, i) => {
    const similarity = dot(vector, row(index.chunkVectors, i));
    const key = `${chunk.source}\u0000${chunk.section}`;
    const seen = best.get(key);
    if (!seen || similarity > seen.similarity) best.set(key, { source: chunk.source, title: chunk.title, section: chunk.section, url: chunk.url, similarity });
  });
  return [...best.values()]
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, k)
    .map((section) => ({ ...section, similarity: Math.round(section.similarity * 100) / 100 }));
}
