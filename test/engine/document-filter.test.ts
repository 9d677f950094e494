import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineOptions, indexOptions } from "../../src/app.js";
import type { Engine } from "../../src/engine/answer.js";
import { openGenerationEngine } from "../../src/engine/generation-engine.js";
import { deriveEngineFiles } from "../../src/engine/prepared-index.js";
import { ingest } from "../../src/index/ingest.js";
import { silentLogger } from "../../src/logger.js";
import { HashedBagOfWords } from "../helpers/hashed-embeddings.js";
import { DEFAULTS } from "../helpers/real-corpus.js";
import { makeTempDir, writeFiles } from "../helpers/temp-dir.js";
import { TINY_CORPUS } from "../helpers/tiny-corpus.js";

let engine: Engine & { close(): Promise<void> };
let remove: () => Promise<void>;

beforeAll(async () => {
  const dir = await makeTempDir("document-filter");
  remove = dir.remove;
  const corpusDir = path.join(dir.path, "corpus");
  const indexDir = path.join(dir.path, "index");
  await writeFiles(corpusDir, TINY_CORPUS);
  const embeddings = new HashedBagOfWords();
  await ingest({ corpusDir, indexDir, embeddings, logger: silentLogger(), derive: deriveEngineFiles });
  engine = await openGenerationEngine(indexDir, embeddings, { ...engineOptions(DEFAULTS), ...indexOptions(DEFAULTS) });
});

afterAll(async () => {
  await engine?.close();
  await remove?.();
});

describe("a document filter given as data (allowSources)", () => {
  it("answers only from the sources listed", async () => {
    const answer = await engine.answer("How tall is the Bell Rock lighthouse?", { allowSources: ["volcanoes.md", "tides.txt"] });
    expect(answer.citations.filter((citation) => citation.source === "lighthouses.md")).toEqual([]);
  });

  it("answers as the function form does", async () => {
    const asData = await engine.answer("How tall is the Bell Rock lighthouse?", { allowSources: ["lighthouses.md"] });
    const asFunction = await engine.answer("How tall is the Bell Rock lighthouse?", { allowSource: (source) => source === "lighthouses.md" });
    expect(asData.answer).toBe(asFunction.answer);
    expect(asData.grounded).toBe(true);
  });
});
