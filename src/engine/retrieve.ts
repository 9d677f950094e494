import type { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import type { Chunk } from "../corpus/document.js";
import type { LexicalIndex } from "../index/lexical.js";
import { dot, row, type VectorMatrix } from "../index/vectors.js";

/** A retrieved chunk with the evidence that ranked it. */
export interface Passage {
  index: number;
  chunk: Chunk;
  /** Cosine similarity of the chunk to the question. */
  dense: number;
  /** BM25 score (0 when the lexical ranking did not return it). */
  lexical: number;
  /** Reciprocal-rank fusion of both rankings. */
  fused: number;
}

export interface SearchIndex {
  chunks: Chunk[];
  chunkVectors: VectorMatrix;
  store: HNSWLib;
  lexical: LexicalIndex;
}

export interface RetrieveOptions {
  /** Candidates taken from each ranking before fusion. */
  depth: number;
  /** Passages returned after fusion and diversification. */
  limit: number;
}

// A small k sharpens the preference for top ranks on a corpus of tens to thousands of chunks.
const RRF_K = 10;
const MMR_LAMBDA = 0.75;

/** Dense hnswlib search fused with BM25 (reciprocal-rank fusion), then diversified with MMR. */
export async function retrieve(index: SearchIndex, question: string, queryVector: number[], options: RetrieveOptions): Promise<Passage[]> {
  const depth = Math.min(options.depth, index.chunks.length);
  if (depth === 0) return [];
  const denseHits = await index.store.similaritySearchVectorWithScore(queryVector, depth);
  const lexicalHits = index.lexical.search(question, depth);
  const fused = new Map<number, { dense: number; lexical: number; fused: number }>();
  const entry = (i: number) => {
    let value = fused.get(i);
    if (!value) {
      value = { dense: dot(queryVector, row(index.chunkVectors, i)), lexical: 0, fused: 0 };
      fused.set(i, value);
    }
    return value;
  };
  denseHits.forEach(([document], rank) => {
    entry(Number(document.metadata.index)).fused += 1 / (RRF_K + rank + 1);
  });
  // A lexical hit counts in proportion to its BM25 score: weak matches on one common word add little.
  const topLexical = lexicalHits[0]?.score ?? 1;
  lexicalHits.forEach((hit, rank) => {
    const value = entry(hit.index);
    value.fused += hit.score / topLexical / (RRF_K + rank + 1);
    value.lexical = hit.score;
  });
  const ranked = [...fused.entries()]
    .map(([i, value]) => ({ index: i, chunk: index.chunks[i] as Chunk, ...value }))
    .sort((a, b) => b.fused - a.fused);
  return diversify(ranked, index.chunkVectors, options.limit);
}

/** Maximal marginal relevance over fused scores, so several documents and sections get a say. */
function diversify(ranked: Passage[], vectors: VectorMatrix, limit: number): Passage[] {
  if (ranked.length === 0) return [];
  const top = ranked[0]?.fused ?? 1;
  const pool = ranked.map((passage) => ({ passage, relevance: passage.fused / top }));
  const chosen: Passage[] = [];
  const seenSections = new Set<string>();
  while (chosen.length < limit && pool.length > 0) {
    let bestAt = 0;
    let bestScore = -Infinity;
    pool.forEach((candidate, i) => {
      const redundancy = Math.max(0, ...chosen.map((picked) => dot(row(vectors, picked.index), row(vectors, candidate.passage.index))));
      const score = MMR_LAMBDA * candidate.relevance - (1 - MMR_LAMBDA) * redundancy;
      if (score > bestScore) {
        bestScore = score;
        bestAt = i;
      }
    });
    const [picked] = pool.splice(bestAt, 1);
    if (!picked) break;
    const sectionKey = `${picked.passage.chunk.source}#${picked.passage.chunk.section}`;
    // Split long sections share a heading path; one of them per answer is enough context.
    if (seenSections.has(sectionKey) && chosen.length > 0) continue;
    seenSections.add(sectionKey);
    chosen.push(picked.passage);
  }
  return chosen;
}
