import fs from "node:fs/promises";
import path from "node:path";
import type { Engine } from "../../src/engine/answer.js";
import { engineOptions } from "../../src/app.js";
import { createEngine } from "../../src/engine/engine.js";
import { UseLiteEmbeddings } from "../../src/index/embedder.js";
import { ingest } from "../../src/index/ingest.js";
import { openIndex, type LoadedIndex } from "../../src/index/store.js";
import { createQuestionRecorder, type QuestionRecorder } from "../../src/knowledge/question-recorder.js";
import { readSectionHashes, type SectionHashes } from "../../src/knowledge/section-hashes.js";
import { silentLogger } from "../../src/logger.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";
import { DEFAULTS } from "../helpers/real-corpus.js";
import { makeTempDir, writeFiles } from "../helpers/temp-dir.js";

/** A corpus folder, its index (the real embedder), an engine on it, and a SQLite store: the knowledge loop's world. */
export interface KnowledgeWorld {
  corpusDir: string;
  indexDir: string;
  dataDir: string;
  embeddings: UseLiteEmbeddings;
  store: Store;
  /** Writes (or overwrites) corpus files and deletes `removed`, then ingests as `npm run ingest` would. */
  ingest(files?: Record<string, string>, removed?: string[]): Promise<void>;
  /** The current generation: the engine, the loaded index and its section hashes. */
  current(): Promise<{ engine: Engine; index: LoadedIndex; sections: SectionHashes }>;
  /** A recorder on the store, reading the current generation's section hashes. */
  recorder(): Promise<QuestionRecorder>;
  close(): Promise<void>;
}

export async function createKnowledgeWorld(files: Record<string, string>): Promise<KnowledgeWorld> {
  const dir = await makeTempDir("knowledge");
  const corpusDir = path.join(dir.path, "corpus");
  const indexDir = path.join(dir.path, "index");
  const embeddings = new UseLiteEmbeddings();
  const dataDir = path.join(dir.path, "data");
  const store = await openStore({ dataDir });
  const world: KnowledgeWorld = {
    corpusDir,
    indexDir,
    dataDir,
    embeddings,
    store,
    async ingest(changed = {}, removed = []) {
      await writeFiles(corpusDir, changed);
      for (const name of removed) await fs.rm(path.join(corpusDir, name));
      await ingest({ corpusDir, indexDir, maxFileBytes: DEFAULTS.MAX_FILE_BYTES, chunkMaxChars: DEFAULTS.CHUNK_MAX_CHARS, embeddings, logger: silentLogger() });
    },
    async current() {
      const index = await openIndex(indexDir, embeddings, { efSearch: DEFAULTS.HNSW_EF_SEARCH });
      const sections = await readSectionHashes(indexDir);
      if (!sections) throw new Error("no index");
      return { engine: createEngine({ index, embeddings }, engineOptions(DEFAULTS)), index, sections };
    },
    async recorder() {
      const sections = await readSectionHashes(indexDir);
      return createQuestionRecorder({ log: store.questions, enabled: true, sections: () => sections });
    },
    async close() {
      await store.close();
      await dir.remove();
    },
  };
  await world.ingest(files);
  return world;
}
