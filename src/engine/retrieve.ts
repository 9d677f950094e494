import type { VectorStoreInterface } from "@langchain/core/vectorstores";
import { SECTION_SEPARATOR, type Chunk } from "../corpus/document.js";
import type { LexicalIndex } from "../index/lexical.js";
import { contentTerms } from "../index/terms.js";
import { dot, row, type VectorMatrix } from "../index/vectors.js";
import type { Question } from "./question.js";

/** A retrieved section with the evidence that ranked it. */
export interface Passage {
  index: number;
  chunk: Chunk;
  /** Cosine similarity of the whole chunk to the question. */
  dense: number;
  /** Cosine similarity of the chunk's heading path to the question. */
  heading: number;
  /** BM25 score relative to the best lexical hit (0–1; 0 when the lexical ranking did not return it). */
  lexical: number;
  /** Cosine similarity of each unit to the question, in unit order. */
  unitSimilarity: number[];
  /** Best similarity of a quotable unit. */
  bestUnit: number;
  /** idf-weighted share of the question's terms the section has (text or headings). */
  coverage: number;
  /** idf-weighted share of the question's terms in the section's heading path. */
  headingCoverage: number;
  /** Share of the question's names the section is about (1 when the question names nothing). */
  nameMatch: number;
  /** The combined relevance the sections are ranked by. */
  score: number;
}

export interface SearchIndex {
  chunks: Chunk[];
  chunkVectors: VectorMatrix;
  headingVectors: VectorMatrix;
  unitVectors: VectorMatrix;
  /** Row of each chunk's first unit in `unitVectors`. */
  firstUnitRow: number[];
  /** Approximate nearest neighbours over chunk vectors; each hit's metadata carries its chunk `index`. */
  store: Pick<VectorStoreInterface, "similaritySearchVectorWithScore">;
  lexical: LexicalIndex;
  /** The chunks of each document (by source), to tell whether a document is about a name at all. */
  documentChunks: Map<string, number[]>;
}

export interface RetrieveOptions {
  /** Candidates taken from each ranking. */
  depth: number;
  /** Chunk ids the conversation's last answer cited: their document is where a follow-up is most likely answered. */
  near?: ReadonlySet<string>;
  /**
   * The question without the names the whole corpus is about ("should we use Django for analytics ingest?" in a
   * Django corpus reads as "should we use for analytics ingest?"): what sets its answer apart from every other
   * section. Both vectors find candidates; the focus scores them.
   */
  focusVector?: number[];
  /** Names the whole corpus is about: a section is not asked to name them. */
  commonNames?: ReadonlySet<string>;
  /** Only these documents may answer (a channel's document set). */
  allowSource?: (source: string) => boolean;
}

/** Weights of the section score; `npm run eval` (dev halves) is what they were set on. */
export const SECTION_WEIGHTS = { dense: 0.05, headingSimilarity: 0.1, bestUnit: 0.55, lexical: 0.05, coverage: 0.35, heading: 0, missingName: 0.35 } as const;

/**
 * Candidate sections from the dense (hnswlib) and lexical (BM25) rankings, each scored by how well the
 * whole section, its best unit, its words and its headings match the question, and whether it is about
 * what the question names. Best first.
 */
export async function retrieve(index: SearchIndex, question: Question, queryVector: number[], options: RetrieveOptions): Promise<Passage[]> {
  const depth = Math.min(options.depth, index.chunks.length);
  if (depth === 0) return [];
  const candidates = new Set<number>();
  const vectors = options.focusVector ? [queryVector, options.focusVector] : [queryVector];
  const allow = options.allowSource;
  const filter = allow ? (document: { metadata: Record<string, unknown> }) => allow(String(document.metadata.source)) : undefined;
  for (const vector of vectors) {
    for (const [document] of await index.store.similaritySearchVectorWithScore(vector, depth, filter as never)) candidates.add(Number(document.metadata.index));
  }
  const lexicalHits = index.lexical.search(question.text, allow ? depth * 4 : depth).filter((hit) => !allow || allow(index.chunks[hit.index]?.source ?? "")).slice(0, depth);
  const topLexical = lexicalHits[0]?.score || 1;
  const lexicalScore = new Map(lexicalHits.map((hit) => [hit.index, hit.score / topLexical]));
  for (const hit of lexicalHits) candidates.add(hit.index);
  const weights = termWeights(question.terms, index.lexical);
  const inDocument = documentMentions(index, question.names);
  const names = question.names.filter((name) => !options.commonNames?.has(name));
  const near = options.near ?? new Set<string>();
  const nearChunks = near.size === 0 ? [] : index.chunks.flatMap((chunk, i) => (near.has(chunk.id) && (!allow || allow(chunk.source)) ? [i] : []));
  for (const i of nearChunks) candidates.add(i);
  const nearSources = new Set(nearChunks.map((i) => index.chunks[i]?.source));
  const nearSections = new Set(nearChunks.map((i) => parentSection(index.chunks[i]?.section ?? "")));
  const passages = [...candidates]
    .filter((i) => index.chunks[i] !== undefined)
    .map((i) => {
      const passage = scorePassage(index, i, vectors, names, weights, lexicalScore.get(i) ?? 0, inDocument);
      const chunk = passage.chunk;
      if (nearSources.has(chunk.source)) passage.score += nearSections.has(parentSection(chunk.section)) ? FOLLOW_UP_BONUS : FOLLOW_UP_BONUS / 2;
      return passage;
    });
  return passages.sort((a, b) => b.score - a.score);
}

function scorePassage(index: SearchIndex, i: number, vectors: number[][], names: string[], weights: Map<string, number>, lexical: number, inDocument: (source: string, name: string) => boolean): Passage {
  // With a focus vector, similarity is the focus's: the corpus-wide name would make every section look alike.
  const scoring = vectors.at(-1) as number[];
  const similarity = (target: Float32Array) => dot(scoring, target);
  const chunk = index.chunks[i] as Chunk;
  const first = index.firstUnitRow[i] ?? 0;
  const unitSimilarity = chunk.units.map((_, u) => similarity(row(index.unitVectors, first + u)));
  const bestUnit = Math.max(0, ...chunk.units.map((unit, u) => (unit.kind === "code" ? 0 : (unitSimilarity[u] ?? 0) * (unit.kind === "label" ? 0.85 : 1))));
  const dense = similarity(row(index.chunkVectors, i));
  const headingSimilarity = similarity(row(index.headingVectors, i));
  const headingTerms = new Set(contentTerms(chunk.section));
  const bodyTerms = new Set(contentTerms(chunk.units.filter((unit) => unit.kind !== "code" && unit.kind !== "list").map((unit) => unit.text).join(" ")));
  const coverage = share(weights, (term) => headingTerms.has(term) || bodyTerms.has(term));
  const headingCoverage = share(weights, (term) => headingTerms.has(term));
  const heading = squash(chunk.section);
  const body = names.length === 0 ? "" : squash(chunk.text);
  // A name in the heading path counts fully, in the text nearly, elsewhere in the document by half (a post on web frameworks that names Django once is still about it).
  const nameMatch = names.length === 0 ? 1 : names.reduce((sum, name) => sum + (heading.includes(squash(name)) ? 1 : body.includes(squash(name)) ? 0.8 : inDocument(chunk.source, name) ? 0.5 : 0), 0) / names.length;
  const w = SECTION_WEIGHTS;
  const score = w.dense * dense + w.headingSimilarity * headingSimilarity + w.bestUnit * bestUnit + w.lexical * lexical + w.coverage * coverage + w.heading * headingCoverage - w.missingName * (1 - nameMatch);
  return { index: i, chunk, dense, heading: headingSimilarity, lexical, unitSimilarity, bestUnit, coverage, headingCoverage, nameMatch, score };
}

/** What a follow-up's section gains for being beside the one the last answer cited (same parent heading), half for the same document. */
const FOLLOW_UP_BONUS = 0.1;

/** "A › B › C" → "A › B". */
function parentSection(section: string): string {
  return section.split(SECTION_SEPARATOR).slice(0, -1).join(SECTION_SEPARATOR);
}

/** idf of each question term, so "analytics" counts for more than "use". */
export function termWeights(terms: string[], lexical: LexicalIndex): Map<string, number> {
  return new Map(terms.map((term) => [term, lexical.idf(term)]));
}

export function share(weights: Map<string, number>, has: (term: string) => boolean): number {
  let total = 0;
  let found = 0;
  for (const [term, weight] of weights) {
    total += weight;
    if (has(term)) found += weight;
  }
  return total === 0 ? 0 : found / total;
}

/** The last heading of a chunk's path. */
export function headingOf(chunk: Chunk): string {
  return chunk.section.split(SECTION_SEPARATOR).at(-1) ?? chunk.section;
}

/** Whether a document mentions a name anywhere, remembered for the question being answered. */
export function documentMentions(index: Pick<SearchIndex, "chunks" | "documentChunks">, names: string[]): (source: string, name: string) => boolean {
  const seen = new Map<string, boolean>();
  return (source, name) => {
    if (names.length === 0) return false;
    const key = `${source}\u0000${name}`;
    let found = seen.get(key);
    if (found === undefined) {
      const wanted = squash(name);
      found = (index.documentChunks.get(source) ?? []).some((i) => {
        const chunk = index.chunks[i];
        return chunk !== undefined && squash(`${chunk.section} ${chunk.text}`).includes(wanted);
      });
      seen.set(key, found);
    }
    return found;
  };
}

/** "Node.js", "node-js" and "nodejs" alike: lower case, letters and digits only, for matching names. */
export function squash(text: string): string {
  return text.toLowerCase().replace(/[^\p{Letter}\p{Number}]+/gu, "");
}
