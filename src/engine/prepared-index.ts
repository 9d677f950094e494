import type { Chunk } from "../corpus/document.js";
import { buildLexicalIndex } from "../index/lexical.js";
import type { SearchIndex } from "./retrieve.js";
import { buildVocabulary, collectVocabulary, restoreVocabulary, serialiseVocabulary, vocabularyFrom, type Vocabulary } from "./vocabulary.js";

export const VOCABULARY_FILES = { statistics: "vocabulary.json", pairs: "vocabulary-pairs.txt" } as const;

/**
 * The files the engine derives from the chunks, for ingest to write into the generation (`derive` in
 * IngestOptions): collecting the vocabulary of 100k chunks took 27 s at start-up; reading it back takes a fraction.
 */
export function deriveEngineFiles(chunks: readonly Chunk[]): Record<string, string> {
  const { statistics, pairs } = serialiseVocabulary(collectVocabulary(chunks));
  return { [VOCABULARY_FILES.statistics]: statistics, [VOCABULARY_FILES.pairs]: pairs };
}

type PreparedInput = Pick<SearchIndex, "chunks" | "chunkVectors" | "headingVectors" | "unitVectors" | "store"> & {
  derived?: Readonly<Record<string, string>>;
  lexical?: SearchIndex["lexical"];
  firstUnitRow?: ArrayLike<number>;
};

function firstUnitRows(chunks: readonly Chunk[]): number[] {
  const rows: number[] = [];
  chunks.reduce((next, chunk) => (rows.push(next), next + chunk.units.length), 0);
  return rows;
}

function chunksByDocument(chunks: readonly Chunk[]): Map<string, number[]> {
  const byDocument = new Map<string, number[]>();
  chunks.forEach((chunk, i) => {
    const list = byDocument.get(chunk.source);
    if (list) list.push(i);
    else byDocument.set(chunk.source, [i]);
  });
  return byDocument;
}

/** What retrieval and question analysis read, from the index's own files; built from the chunks for an index written without them. */
export function prepareSearch(loaded: PreparedInput): { index: SearchIndex; vocabulary: Vocabulary } {
  const statistics = loaded.derived?.[VOCABULARY_FILES.statistics];
  const pairs = loaded.derived?.[VOCABULARY_FILES.pairs];
  const vocabulary = statistics === undefined || pairs === undefined ? buildVocabulary(loaded.chunks) : vocabularyFrom(restoreVocabulary({ statistics, pairs }));
  const index: SearchIndex = {
    chunks: loaded.chunks,
    chunkVectors: loaded.chunkVectors,
    headingVectors: loaded.headingVectors,
    unitVectors: loaded.unitVectors,
    firstUnitRow: loaded.firstUnitRow ? Array.from(loaded.firstUnitRow) : firstUnitRows(loaded.chunks),
    store: loaded.store,
    lexical: loaded.lexical ?? buildLexicalIndex(loaded.chunks),
    documentChunks: chunksByDocument(loaded.chunks),
  };
  return { index, vocabulary };
}
