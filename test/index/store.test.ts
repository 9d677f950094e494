import fs from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { engineOptions, openEngine } from "../../src/app.js";
import { ErrorCode } from "../../src/errors.js";
import { ingest } from "../../src/index/ingest.js";
import { currentGeneration, openIndex, writeIndex } from "../../src/index/store.js";
import { silentLogger } from "../../src/logger.js";
import { HashedBagOfWords } from "../helpers/hashed-embeddings.js";
import { DEFAULTS } from "../helpers/real-corpus.js";
import { makeTempDir, writeFiles } from "../helpers/temp-dir.js";
import { TINY_CORPUS } from "../helpers/tiny-corpus.js";

let corpusDir: string;
let indexDir: string;
let cleanup: Array<() => Promise<void>> = [];

beforeEach(async () => {
  const corpus = await makeTempDir("store-corpus");
  const index = await makeTempDir("store-index");
  corpusDir = corpus.path;
  indexDir = index.path;
  cleanup = [corpus.remove, index.remove];
  await writeFiles(corpusDir, TINY_CORPUS);
});

afterEach(async () => {
  await Promise.all(cleanup.map((remove) => remove()));
});

function run(hooks?: { beforeSwitch?: () => Promise<void> }) {
  return ingest({ corpusDir, indexDir, maxFileBytes: 100_000, chunkMaxChars: 1_500, embeddings: new HashedBagOfWords(), logger: silentLogger(), hooks });
}

async function generationDir(): Promise<string> {
  const generation = await currentGeneration(indexDir);
  if (!generation) throw new Error("no current generation");
  return path.join(indexDir, generation);
}

const failingSwitch = {
  beforeSwitch: async () => {
    throw new Error("killed before the pointer switch");
  },
};

describe("openIndex on a chunk table of the wrong shape", () => {
  it("fails with index_corrupt naming the file and the field, even when every hash matches", async () => {
    await run();
    const embeddings = new HashedBagOfWords();
    const loaded = await openIndex(indexDir, embeddings);
    const [first, ...rest] = loaded.chunks;
    // Written by writeIndex, so the manifest's hashes cover the bad file: only the schema can catch it.
    const { manifest, chunkVectors, headingVectors, unitVectors } = loaded;
    const bad = { ...first, units: "not a list" } as unknown as typeof first & object;
    await writeIndex(indexDir, { manifest, chunks: [bad, ...rest], chunkVectors, headingVectors, unitVectors }, embeddings);
    await expect(openIndex(indexDir, embeddings)).rejects.toMatchObject({ code: ErrorCode.IndexCorrupt, message: expect.stringMatching(/is damaged: .+ Delete that folder and run `npm run ingest`/) });
  });
});

describe("openIndex on a missing index", () => {
  it("fails with index_missing for an empty folder", async () => {
    await expect(openIndex(indexDir, new HashedBagOfWords())).rejects.toMatchObject({ code: ErrorCode.IndexMissing });
  });

  it("fails with index_missing for a folder that does not exist", async () => {
    await expect(openIndex(path.join(indexDir, "nowhere"), new HashedBagOfWords())).rejects.toMatchObject({ code: ErrorCode.IndexMissing });
  });

  it("tells the user to run the ingest", async () => {
    await expect(openIndex(indexDir, new HashedBagOfWords())).rejects.toThrow(/npm run ingest/);
  });
});

describe("openIndex with a different embedder", () => {
  it("fails with embedder_mismatch", async () => {
    await run();
    await expect(openIndex(indexDir, new HashedBagOfWords({ id: "another-model@1" }))).rejects.toMatchObject({ code: ErrorCode.EmbedderMismatch });
  });

  it("names both embedders and asks for a re-ingest", async () => {
    await run();
    await expect(openIndex(indexDir, new HashedBagOfWords({ id: "another-model@1" }))).rejects.toThrow(/"hashed-bow-64@test".*"another-model@1".*npm run ingest/s);
  });
});

describe("openIndex on a damaged index", () => {
  it("fails with index_corrupt when a vector file's bytes change", async () => {
    await run();
    const file = path.join(await generationDir(), "chunk-vectors.f32");
    const bytes = await fs.readFile(file);
    bytes[0] = (bytes[0] ?? 0) ^ 0xff;
    await fs.writeFile(file, bytes);
    await expect(openIndex(indexDir, new HashedBagOfWords())).rejects.toMatchObject({ code: ErrorCode.IndexCorrupt, message: expect.stringContaining("chunk-vectors.f32 is damaged") });
  });

  it("fails with index_corrupt when a file of the generation is missing", async () => {
    await run();
    await fs.rm(path.join(await generationDir(), "chunk-bodies.jsonl"));
    await expect(openIndex(indexDir, new HashedBagOfWords())).rejects.toMatchObject({ code: ErrorCode.IndexCorrupt, message: expect.stringContaining("chunk-bodies.jsonl is missing") });
  });

  it("fails with index_corrupt when the manifest is not JSON", async () => {
    await run();
    await fs.writeFile(path.join(await generationDir(), "manifest.json"), "{ truncated");
    await expect(openIndex(indexDir, new HashedBagOfWords())).rejects.toMatchObject({ code: ErrorCode.IndexCorrupt });
  });

  it("fails with index_corrupt when CURRENT names a generation that is gone", async () => {
    await run();
    await fs.rm(await generationDir(), { recursive: true });
    await expect(openIndex(indexDir, new HashedBagOfWords())).rejects.toMatchObject({ code: ErrorCode.IndexCorrupt });
  });

  it("fails with index_corrupt when two bytes of manifest.json change but it stays valid JSON (a title edited)", async () => {
    await run();
    const file = path.join(await generationDir(), "manifest.json");
    const text = await fs.readFile(file, "utf8");
    const flipped = text.replace('"title": "Scottish Lighthouses"', '"title": "Scottish Lighthoxses"').replace('"title": "Volcanoes"', '"title": "Volcanoex"');
    expect(flipped).not.toBe(text);
    expect(() => JSON.parse(flipped)).not.toThrow();
    await fs.writeFile(file, flipped);
    await expect(openIndex(indexDir, new HashedBagOfWords())).rejects.toMatchObject({ code: ErrorCode.IndexCorrupt, message: expect.stringContaining("manifest.json is damaged") });
  });

  it("reports a garbled CURRENT as damage with the fix, not as a missing index", async () => {
    await run();
    await fs.writeFile(path.join(indexDir, "CURRENT"), Buffer.from([0x67, 0x65, 0x6e, 0x2d, 0x00, 0xff, 0x3f, 0x0a]));
    await expect(openIndex(indexDir, new HashedBagOfWords())).rejects.toMatchObject({ code: ErrorCode.IndexCorrupt, message: expect.stringMatching(/CURRENT.*garbled.*npm run ingest/) });
    await expect(currentGeneration(indexDir)).rejects.toMatchObject({ code: ErrorCode.IndexCorrupt });
  });

  it("still opens an index whose CURRENT names only the generation, as indexes written before the manifest hash do", async () => {
    await run();
    const generation = await currentGeneration(indexDir);
    await fs.writeFile(path.join(indexDir, "CURRENT"), generation ?? "");
    await expect(openIndex(indexDir, new HashedBagOfWords())).resolves.toMatchObject({ generation });
  });

  it("lets the next ingest repair a garbled CURRENT", async () => {
    await run();
    await fs.writeFile(path.join(indexDir, "CURRENT"), "\u0000garbage");
    await run();
    await expect(openIndex(indexDir, new HashedBagOfWords())).resolves.toMatchObject({ chunks: expect.any(Array) });
  });

  it("tells the user how to rebuild", async () => {
    await run();
    await fs.rm(path.join(await generationDir(), "chunk-table.json"));
    await expect(openIndex(indexDir, new HashedBagOfWords())).rejects.toThrow(/run `npm run ingest` to rebuild/);
  });
});

describe("writeIndex generations", () => {
  it("keeps the current generation and the one it replaced, for a bot on another machine still reading it, and no older", async () => {
    await run();
    await writeFiles(corpusDir, { "glaciers.md": "# Glaciers\n\nThe Aletsch glacier is long.\n" });
    await run();
    const replaced = await currentGeneration(indexDir);
    await writeFiles(corpusDir, { "fjords.md": "# Fjords\n\nSognefjord is deep.\n" });
    await run();
    expect((await fs.readdir(indexDir)).sort()).toEqual(["CURRENT", await currentGeneration(indexDir), replaced].sort());
  });

  it("round-trips chunks through the store", async () => {
    await run();
    const index = await openIndex(indexDir, new HashedBagOfWords());
    expect(index.chunks.map((chunk) => chunk.section)).toEqual([
      "Scottish Lighthouses › Bell Rock",
      "Scottish Lighthouses › Skerryvore",
      "Tides",
      "Volcanoes › Etna",
      "Volcanoes › Vesuvius",
    ]);
  });
});

describe("a failure before the pointer switch", () => {
  it("leaves the previous generation current", async () => {
    await run();
    const before = await currentGeneration(indexDir);
    await writeFiles(corpusDir, { "glaciers.md": "# Glaciers\n\nThe Aletsch glacier is long.\n" });
    await run(failingSwitch).catch(() => undefined);
    expect(await currentGeneration(indexDir)).toBe(before);
  });

  it("leaves the previous index loadable with its own documents", async () => {
    await run();
    await writeFiles(corpusDir, { "glaciers.md": "# Glaciers\n\nThe Aletsch glacier is long.\n" });
    await run(failingSwitch).catch(() => undefined);
    const index = await openIndex(indexDir, new HashedBagOfWords());
    expect(index.manifest.documents.map((document) => document.source)).toEqual(["lighthouses.md", "tides.txt", "volcanoes.md"]);
  });

  it("leaves the previous index answering questions", async () => {
    await run();
    await writeFiles(corpusDir, { "glaciers.md": "# Glaciers\n\nThe Aletsch glacier is long.\n" });
    await run(failingSwitch).catch(() => undefined);
    const engine = await openEngine({ indexDir, embeddings: new HashedBagOfWords(), logger: silentLogger() }, engineOptions(DEFAULTS));
    const answer = await engine.answer("How tall is the Bell Rock lighthouse?");
    expect({ grounded: answer.grounded, cited: answer.citations.map((citation) => citation.section) }).toEqual({ grounded: true, cited: ["Scottish Lighthouses › Bell Rock"] });
  });

  it("lets the next ingest finish the switch", async () => {
    await run();
    await writeFiles(corpusDir, { "glaciers.md": "# Glaciers\n\nThe Aletsch glacier is long.\n" });
    await run(failingSwitch).catch(() => undefined);
    await run();
    const index = await openIndex(indexDir, new HashedBagOfWords());
    expect(index.manifest.documents.map((document) => document.source)).toContain("glaciers.md");
  });
});
