import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../../src/config.js";
import type { SourceDocument } from "../../src/corpus/document.js";
import { loadCorpus } from "../../src/corpus/load-corpus.js";
import { UseLiteEmbeddings } from "../../src/index/embedder.js";
import { ingest, type IngestSummary } from "../../src/index/ingest.js";
import { silentLogger } from "../../src/logger.js";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const CORPUS_DIR = path.join(REPO_ROOT, "corpus");

/** The settings citebot runs with when nothing is configured. */
export const DEFAULTS = loadConfig({});

/** Embedding the real corpus with USE-lite takes several seconds; hooks that do it need more than vitest's default. */
export const REAL_INDEX_TIMEOUT_MS = 120_000;

export async function loadRealDocument(source: string): Promise<SourceDocument> {
  const corpus = await loadCorpus(CORPUS_DIR, { maxFileBytes: DEFAULTS.MAX_FILE_BYTES });
  const document = corpus.documents.find((candidate) => candidate.source === source);
  if (!document) throw new Error(`${source} is not in ${CORPUS_DIR}`);
  return document;
}

export async function readCorpusFile(source: string): Promise<string> {
  return fs.readFile(path.join(CORPUS_DIR, source), "utf8");
}

/** Builds the index of `corpus/` with the default embedder and settings, as `npm run ingest` would. */
export async function buildRealIndex(indexDir: string, embeddings = new UseLiteEmbeddings()): Promise<IngestSummary> {
  return ingest({
    corpusDir: CORPUS_DIR,
    indexDir,
    maxFileBytes: DEFAULTS.MAX_FILE_BYTES,
    chunkMaxChars: DEFAULTS.CHUNK_MAX_CHARS,
    embeddings,
    logger: silentLogger(),
  });
}
