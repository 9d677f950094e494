import type { Chunk } from "../corpus/document.js";
import { buildLexicalIndex } from "../index/lexical.js";
import type { LoadedIndex } from "../index/store.js";
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

/** What retrieval and question analysis read, from the index's own files; built from the chunks for an index written without them. */
export function prepareSearch(loaded: LoadedIndex): { index: SearchIndex; vocabulary: Vocabulary } {
  const statistics = loaded.derived[VOCABULARY_FILES.statistics];
  const pairs = loaded.derived[VOCABULARY_FILES.pairs];
  const vocabulary = statistics === undefined || pairs === undefined ? buildVocabulary(loaded.chunks) : vocabularyFrom(restoreVocabulary({ statistics, pairs }));
  const index: SearchIndex = {
    chunks: loaded.chunks,
    chunkVectors: loaded.chunkVectors,
    headingVectors: loaded.headingVectors,
    unitVectors: loaded.unitVectors,
    firstUnitRow: Array.from(loaded.firstUnitRow),
    store: loaded.store,
    lexical: loaded.lexical ?? buildLexicalIndex(loaded.chunks),
  };
  return { index, vocabulary };
}
