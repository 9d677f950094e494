import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { engineOptions, indexOptions, openEngine } from "../../src/app.js";
import { deriveEngineFiles } from "../../src/engine/prepared-index.js";
import { startEnginePool, type PooledEngine } from "../../src/engine/worker-pool.js";
import { UseLiteEmbeddings } from "../../src/index/embedder.js";
import { ingest } from "../../src/index/ingest.js";
import { readPointer, type IndexPointer } from "../../src/index/store.js";
import { silentLogger } from "../../src/logger.js";
import { REAL_INDEX_TIMEOUT_MS } from "../helpers/real-corpus.js";
import { makeTempDir, writeFiles } from "../helpers/temp-dir.js";
import { TINY_CORPUS } from "../helpers/tiny-corpus.js";

// The pool with citebot's own replica: the real model and hnswlib in each worker, from the main thread's Config.
let pool: PooledEngine;
let config: ReturnType<typeof loadConfig>;
let remove: () => Promise<void>;

beforeAll(async () => {
  const dir = await makeTempDir("pool-real");
  remove = dir.remove;
  await writeFiles(path.join(dir.path, "corpus"), TINY_CORPUS);
  config = loadConfig({ CORPUS_DIR: path.join(dir.path, "corpus"), DATA_DIR: dir.path, LOG_LEVEL: "silent" });
  await ingest({ corpusDir: config.CORPUS_DIR, indexDir: config.INDEX_DIR, maxFileBytes: config.MAX_FILE_BYTES, chunkMaxChars: config.CHUNK_MAX_CHARS, embeddings: new UseLiteEmbeddings(), logger: silentLogger(), derive: deriveEngineFiles });
  pool = await startEnginePool({ indexDir: config.INDEX_DIR, pointer: (await readPointer(config.INDEX_DIR)) as IndexPointer, data: { config }, size: 1 });
}, REAL_INDEX_TIMEOUT_MS);

afterAll(async () => {
  await pool?.shutdown();
  await remove();
});

describe("an engine pool running citebot's engine", () => {
  it("answers as the engine does on the caller's thread, citations included", async () => {
    const question = "Who finished building the Bell Rock tower?";
    const local = await (await openEngine({ indexDir: config.INDEX_DIR, embeddings: new UseLiteEmbeddings(), logger: silentLogger() }, { ...engineOptions(config), ...indexOptions(config) })).answer(question);
    const pooled = await pool.answer(question);
    expect({ ...pooled, timings: undefined }).toEqual({ ...local, timings: undefined });
    expect(pooled.citations.map((citation) => citation.section)).toEqual(["Scottish Lighthouses › Bell Rock"]);
  });

  it("lists the documents the index holds", () => {
    expect(pool.topics().map((topic) => topic.title).sort()).toEqual(["Scottish Lighthouses", "Tides", "Volcanoes"]);
  });

  it("confirms the generation's files intact", async () => {
    await expect(pool.verified).resolves.toBeUndefined();
  });
});
