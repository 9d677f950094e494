import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineOptions, indexOptions } from "../../src/app.js";
import { openGenerationEngine } from "../../src/engine/generation-engine.js";
import { createReloadingEngine, type ReloadingEngine } from "../../src/engine/hot-reload.js";
import { deriveEngineFiles } from "../../src/engine/prepared-index.js";
import { ingest } from "../../src/index/ingest.js";
import { watchCurrent } from "../../src/index/watch-current.js";
import { silentLogger } from "../../src/logger.js";
import { HashedBagOfWords } from "../helpers/hashed-embeddings.js";
import { DEFAULTS } from "../helpers/real-corpus.js";
import { makeTempDir, writeFiles } from "../helpers/temp-dir.js";
import { TINY_CORPUS } from "../helpers/tiny-corpus.js";

// Hot reload end to end: an ingest switches CURRENT, the watcher sees it, the engine swaps, questions keep their answers.
const embeddings = new HashedBagOfWords();
let corpusDir: string;
let indexDir: string;
let remove: () => Promise<void>;
let engine: ReloadingEngine;
let closeWatcher: () => void;
const reloaded: string[] = [];
const wakers: Array<() => void> = [];

const run = () => ingest({ corpusDir, indexDir, maxFileBytes: 100_000, chunkMaxChars: 1_500, embeddings, logger: silentLogger(), derive: deriveEngineFiles });
const open = (pointer?: { generation: string; manifestSha256?: string }) => openGenerationEngine(indexDir, embeddings, { ...engineOptions(DEFAULTS), ...indexOptions(DEFAULTS) }, pointer ? { pointer } : {});

beforeAll(async () => {
  const dir = await makeTempDir("hot-reload");
  remove = dir.remove;
  corpusDir = path.join(dir.path, "corpus");
  indexDir = path.join(dir.path, "index");
  await writeFiles(corpusDir, TINY_CORPUS);
  await run();
  engine = createReloadingEngine(await open(), { open });
  const watcher = watchCurrent(indexDir, {
    pollMs: 50,
    onChange: (pointer) =>
      void engine.reload(pointer).then((generation) => {
        reloaded.push(generation);
        wakers.splice(0).forEach((wake) => wake());
      }),
  });
  closeWatcher = () => watcher.close();
  await watcher.ready;
});

afterAll(async () => {
  closeWatcher();
  await engine.close();
  await remove();
});

async function nextReload(count: number): Promise<void> {
  while (reloaded.length < count) await new Promise<void>((resolve) => wakers.push(resolve));
}

describe("a bot's engine when ingest writes a new generation", () => {
  it("answers from the new documents without a restart, and none of 50 questions asked meanwhile fails", async () => {
    const before = engine.generation;
    expect((await engine.answer("How long is the Aletsch glacier?")).grounded).toBe(false);
    await writeFiles(corpusDir, { "glaciers.md": "# Glaciers\n\n## Aletsch\n\nThe Aletsch glacier is 23 kilometres long, the longest in the Alps.\n" });
    const asked = Array.from({ length: 50 }, () => engine.answer("How tall is the Bell Rock lighthouse?"));
    await run();
    await nextReload(1);
    const answers = await Promise.allSettled(asked);
    expect(answers.filter((outcome) => outcome.status === "rejected" || !outcome.value.grounded)).toEqual([]);
    const glacier = await engine.answer("How long is the Aletsch glacier?");
    expect({ changed: engine.generation !== before, grounded: glacier.grounded, cited: glacier.citations.map((citation) => citation.section) }).toEqual({ changed: true, grounded: true, cited: ["Glaciers › Aletsch"] });
  });
});
