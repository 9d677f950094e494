import MiniSearch from "minisearch";
import type { Chunk } from "../corpus/document.js";
import { contentTerms, isStopword, stem } from "./terms.js";

export interface LexicalHit {
  index: number;
  score: number;
}

/** BM25 ranking over chunks (MiniSearch), plus term statistics for sentence-level scoring. */
export interface LexicalIndex {
  search(query: string, limit: number): LexicalHit[];
  /** Inverse document frequency of a stemmed term; unseen terms get the rarest value. */
  idf(term: string): number;
  /** True when the corpus contains the stemmed term anywhere. */
  knows(term: string): boolean;
}

export function buildLexicalIndex(chunks: Chunk[]): LexicalIndex {
  const search = new MiniSearch<{ id: number; title: string; section: string; text: string }>({
    fields: ["section", "text"],
    processTerm: (term) => (isStopword(term.toLowerCase()) ? null : stem(term.toLowerCase().replace(/[’']/g, ""))),
    searchOptions: { boost: { section: 1.5 }, fuzzy: (term) => (term.length > 5 ? 0.2 : false), prefix: (term) => term.length > 4 },
  });
  search.addAll(chunks.map((chunk, id) => ({ id, title: chunk.title, section: chunk.section, text: chunk.text })));

  const documentFrequency = new Map<string, number>();
  for (const chunk of chunks) {
    for (const term of new Set(contentTerms(`${chunk.section} ${chunk.text}`))) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }
  const total = Math.max(1, chunks.length);
  const idf = (term: string) => Math.log(1 + (total + 1) / ((documentFrequency.get(term) ?? 0) + 0.5));

  return {
    search(query, limit) {
      if (contentTerms(query).length === 0) return [];
      return search
        .search(query, { combineWith: "OR" })
        .slice(0, limit)
        .map((hit) => ({ index: hit.id as number, score: hit.score }));
    },
    idf,
    knows: (term) => documentFrequency.has(term),
  };
}
