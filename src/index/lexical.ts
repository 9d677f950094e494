import MiniSearch from "minisearch";
import { z } from "zod";
import type { Chunk } from "../corpus/document.js";
import { buildPostings, createPostingsSearch, decodePostings, encodePostings, type PostingsQueryOptions } from "./lexical-postings.js";
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

const FIELDS = ["section", "text"] as const;
const processTerm = (term: string): string | null => (isStopword(term.toLowerCase()) ? null : stem(term.toLowerCase().replace(/[’']/g, "")));
const SEARCH_OPTIONS = { boost: { section: 1.5 }, fuzzy: (term: string) => (term.length > 5 ? 0.2 : false), prefix: (term: string) => term.length > 4 } as const;

export function buildLexicalIndex(chunks: Chunk[]): LexicalIndex {
  const search = new MiniSearch<{ id: number; title: string; section: string; text: string }>({ fields: [...FIELDS], processTerm, searchOptions: SEARCH_OPTIONS });
  search.addAll(chunks.map((chunk, id) => ({ id, title: chunk.title, section: chunk.section, text: chunk.text })));
  const statistics = termStatistics(countDocumentFrequencies(chunks), chunks.length);
  return {
    search(query, limit) {
      if (contentTerms(query).length === 0) return [];
      return search
        .search(query, { combineWith: "OR" })
        .slice(0, limit)
        .map((hit) => ({ index: hit.id as number, score: hit.score }));
    },
    ...statistics,
  };
}

/** The persisted form of a lexical index: `lexical.json` (terms, statistics) and `lexical.bin` (postings). */
export interface LexicalFiles {
  json: string;
  binary: Buffer;
}

const LexicalJson = z.object({
  version: z.literal(1),
  postings: z.object({ terms: z.array(z.string()), fields: z.array(z.string()), documentCount: z.number().int().nonnegative(), averageFieldLength: z.array(z.number()), postingCount: z.number().int().nonnegative() }),
  documentFrequency: z.object({ terms: z.array(z.string()), counts: z.array(z.number().int().positive()) }),
});

/** What ingest writes so that start-up loads the lexical index instead of building it (13.5 s at 100k chunks). */
export function encodeLexicalIndex(chunks: readonly Chunk[]): LexicalFiles {
  const { meta, binary } = encodePostings(buildPostings(chunks.map((chunk) => [chunk.section, chunk.text]), FIELDS, MINISEARCH_TERMS));
  const frequencies = countDocumentFrequencies(chunks);
  const json = JSON.stringify({ version: 1, postings: meta, documentFrequency: { terms: [...frequencies.keys()], counts: [...frequencies.values()] } } satisfies z.infer<typeof LexicalJson>);
  return { json, binary };
}

/** The lexical index from its files; ranks as `buildLexicalIndex` does. Throws on files that do not agree. */
export function decodeLexicalIndex(files: { json: string; binary: Uint8Array }): LexicalIndex {
  const parsed = LexicalJson.parse(JSON.parse(files.json));
  const postings = decodePostings(parsed.postings, files.binary);
  const { terms, counts } = parsed.documentFrequency;
  if (terms.length !== counts.length) throw new Error("lexical.json: document frequencies do not match their terms");
  const search = createPostingsSearch(postings, { ...MINISEARCH_TERMS, ...SEARCH_OPTIONS });
  const statistics = termStatistics(new Map(terms.map((term, i) => [term, counts[i] ?? 0])), postings.documentCount);
  return {
    search: (query, limit) => (contentTerms(query).length === 0 ? [] : search(query, limit)),
    ...statistics,
  };
}

const MINISEARCH_TERMS: Pick<PostingsQueryOptions, "tokenize" | "processTerm"> = {
  tokenize: MiniSearch.getDefault("tokenize") as (text: string) => string[],
  processTerm,
};

function countDocumentFrequencies(chunks: readonly Chunk[]): Map<string, number> {
  const documentFrequency = new Map<string, number>();
  for (const chunk of chunks) {
    for (const term of new Set(contentTerms(`${chunk.section} ${chunk.text}`))) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }
  return documentFrequency;
}

function termStatistics(documentFrequency: ReadonlyMap<string, number>, chunkCount: number): Pick<LexicalIndex, "idf" | "knows"> {
  const total = Math.max(1, chunkCount);
  return {
    idf: (term) => Math.log(1 + (total + 1) / ((documentFrequency.get(term) ?? 0) + 0.5)),
    knows: (term) => documentFrequency.has(term),
  };
}
