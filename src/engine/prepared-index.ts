import type { Chunk } from "../corpus/document.js";
import { buildLexicalIndex } from "../index/lexical.js";
import type { LoadedIndex } from "../index/store.js";
import type { SearchIndex } from "./retrieve.js";
import { buildVocabulary, collectVocabulary, restoreVocabulary, serialiseVocabulary, vocabularyFrom, type Vocabulary } from "./vocabulary.js";

export const VOCABULARY_FILE = "vocabulary.json";

/**
 * The files the engine derives from the chunks, for ingest to write into the generation (`derive` in
 * IngestOptions): collecting the vocabulary of 100k chunks took 27 s at start-up; reading it back takes a fraction.
 */
export function deriveEngineFiles(chunks: readonly Chunk[]): Record<string, string> {
  return { [VOCABULARY_FILE]: serialiseVocabulary(collectVocabulary(chunks)) };
}

/** What retrieval and question analysis read, from the index's own files; built from the chunks for an index written without them. */
export function prepareSearch(loaded: LoadedIndex): { index: SearchIndex; vocabulary: Vocabulary } {
  const stored = loaded.derived[VOCABULARY_FILE];
  const vocabulary = stored === undefined ? buildVocabulary(loaded.chunks) : vocabularyFrom(restoreVocabulary(stored));
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
