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
  const dir = await makeTempDir("refusal-version");
  remove = dir.remove;
  const corpusDir = path.join(dir.path, "corpus");
  const indexDir = path.join(dir.path, "index");
  await writeFiles(corpusDir, { ...TINY_CORPUS, "runtime.md": "# Runtime\n\n## Requirements\n\nThe lighthouse monitoring service runs on Node.js 20 or later.\n" });
  const embeddings = new HashedBagOfWords();
  await ingest({ corpusDir, indexDir, embeddings, logger: silentLogger(), derive: deriveEngineFiles });
  engine = await openGenerationEngine(indexDir, embeddings, { ...engineOptions(DEFAULTS), ...indexOptions(DEFAULTS) });
});

afterAll(async () => {
  await engine?.close();
  await remove?.();
});

describe("a question for a version", () => {
  it("is refused when no quoted section has a version number, even one with other figures", async () => {
    const answer = await engine.answer("Which version of the Bell Rock lighthouse lamp should we install?");
    expect(answer).toMatchObject({ grounded: false, refusal: "no-figure" });
  });

  it("is answered when the section names a version as a name and a number (Node.js 20)", async () => {
    const answer = await engine.answer("Which Node.js version does the lighthouse monitoring service need?");
    expect(answer.grounded).toBe(true);
    expect(answer.answer).toContain("Node.js 20");
  });

  it("is answered as usual when it asks for no version", async () => {
    expect((await engine.answer("How tall is the Bell Rock lighthouse?")).grounded).toBe(true);
  });
});
