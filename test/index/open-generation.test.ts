import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import { promisify } from "node:util";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { engineOptions, indexOptions, openEngine } from "../../src/app.js";
import { ErrorCode } from "../../src/errors.js";
import { plainChunk } from "../../src/index/chunk-table.js";
import { ingest } from "../../src/index/ingest.js";
import { currentGeneration, openIndex, readIndexChunks } from "../../src/index/store.js";
import { row } from "../../src/index/vectors.js";
import { silentLogger } from "../../src/logger.js";
import { HashedBagOfWords } from "../helpers/hashed-embeddings.js";
import { writeFormat2Index } from "../helpers/legacy-index.js";
import { DEFAULTS } from "../helpers/real-corpus.js";
import { makeTempDir, writeFiles } from "../helpers/temp-dir.js";
import { TINY_CORPUS } from "../helpers/tiny-corpus.js";

let corpusDir: string;
let indexDir: string;
let cleanup: Array<() => Promise<void>> = [];
const embeddings = new HashedBagOfWords();

beforeEach(async () => {
  const corpus = await makeTempDir("open-corpus");
  const index = await makeTempDir("open-index");
  corpusDir = corpus.path;
  indexDir = index.path;
  cleanup = [corpus.remove, index.remove];
  await writeFiles(corpusDir, TINY_CORPUS);
});

afterEach(async () => {
  await Promise.all(cleanup.map((remove) => remove()));
});

const run = () => ingest({ corpusDir, indexDir, maxFileBytes: 100_000, chunkMaxChars: 1_500, embeddings, logger: silentLogger() });
const generationDir = async () => path.join(indexDir, (await currentGeneration(indexDir)) ?? "none");
const flipFirstByte = async (file: string) => {
  const bytes = await fs.readFile(file);
  bytes[0] = (bytes[0] ?? 0) ^ 0xff;
  await fs.writeFile(file, bytes);
};
const ask = async (dir: string) => (await openEngine({ indexDir: dir, embeddings: embeddings, logger: silentLogger() }, { ...engineOptions(DEFAULTS), ...indexOptions(DEFAULTS) })).answer("How tall is the Bell Rock lighthouse?");

describe("a format-3 index read on demand", () => {
  it("gives back every chunk as ingest chunked it, bodies included", async () => {
    await run();
    const eager = await openIndex(indexDir, embeddings);
    const copy = JSON.parse(JSON.stringify(eager.chunks)) as unknown;
    expect(eager.chunks.map(plainChunk)).toEqual(copy);
    expect(eager.chunks.map((chunk) => chunk.units.length).reduce((sum, count) => sum + count, 0)).toBe(eager.manifest.counts.units);
  });

  it("reads the same vector rows on demand as the whole file holds", async () => {
    await run();
    const index = await openIndex(indexDir, embeddings);
    const onDemand = Array.from({ length: index.unitVectors.rows }, (_, i) => Array.from(row(index.unitVectors, i)));
    const whole = index.unitVectors.data;
    expect(onDemand.flat()).toEqual(Array.from(whole));
  });

  it("keeps answering from a generation whose folder a later ingest deleted", async () => {
    await run();
    const engine = await openEngine({ indexDir: indexDir, embeddings: embeddings, logger: silentLogger() }, { ...engineOptions(DEFAULTS), ...indexOptions(DEFAULTS) });
    const first = await currentGeneration(indexDir);
    await writeFiles(corpusDir, { "glaciers.md": "# Glaciers\n\nThe Aletsch glacier is long.\n" });
    await run();
    await writeFiles(corpusDir, { "fjords.md": "# Fjords\n\nSognefjord is deep.\n" });
    await run();
    expect(await fs.readdir(indexDir)).not.toContain(first);
    const answer = await engine.answer("Who finished building the Bell Rock tower?");
    expect({ grounded: answer.grounded, cited: answer.citations.map((citation) => citation.section) }).toEqual({ grounded: true, cited: ["Scottish Lighthouses › Bell Rock"] });
  });
});

describe("openIndex in a process with nothing else to do", () => {
  it.each(["before-open", "background"])("returns the index and lets the process end (verify: %s)", async (verify) => {
    await run();
    const child = new URL("../helpers/open-index-child.ts", import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", child, indexDir, verify], { timeout: 60_000 });
    expect(stdout).toMatch(/^opened \d+\n$/);
  }, 60_000);
});

describe("openIndex with verify: background", () => {
  it("opens while a vector file is damaged, then rejects `verified` with index_corrupt naming it", async () => {
    await run();
    await flipFirstByte(path.join(await generationDir(), "unit-vectors.f32"));
    const index = await openIndex(indexDir, embeddings, { verify: "background" });
    await expect(index.verified).rejects.toMatchObject({ code: ErrorCode.IndexCorrupt, message: expect.stringMatching(/unit-vectors\.f32 is damaged.*npm run ingest/) });
  });

  it("still refuses at open a damaged file it parses at open (the chunk table)", async () => {
    await run();
    await flipFirstByte(path.join(await generationDir(), "chunk-table.json"));
    await expect(openIndex(indexDir, embeddings, { verify: "background" })).rejects.toMatchObject({ code: ErrorCode.IndexCorrupt, message: expect.stringContaining("chunk-table.json is damaged") });
  });

  it("still refuses at open a damaged hnswlib graph, before anything searches it", async () => {
    await run();
    await flipFirstByte(path.join(await generationDir(), "hnswlib.index"));
    await expect(openIndex(indexDir, embeddings, { verify: "background" })).rejects.toMatchObject({ code: ErrorCode.IndexCorrupt, message: expect.stringContaining("hnswlib.index is damaged") });
  });

  it("resolves `verified` for an intact index", async () => {
    await run();
    await expect((await openIndex(indexDir, embeddings, { verify: "background" })).verified).resolves.toBeUndefined();
  });
});

describe("a damaged body read on demand", () => {
  it("fails the read with index_corrupt rather than a parse error", async () => {
    await run();
    const file = path.join(await generationDir(), "chunk-bodies.jsonl");
    const bytes = await fs.readFile(file);
    await fs.writeFile(file, Buffer.concat([Buffer.from("#"), bytes.subarray(1)]));
    const index = await openIndex(indexDir, embeddings, { verify: "opened-files" });
    expect(() => index.chunks[0]?.text).toThrow(expect.objectContaining({ code: ErrorCode.IndexCorrupt }));
  });
});

describe("readIndexChunks", () => {
  it("gives every chunk with its body, as openIndex reads them, in either format", async () => {
    await run();
    const loaded = await openIndex(indexDir, embeddings);
    const legacyDir = await makeTempDir("legacy-index");
    cleanup.push(legacyDir.remove);
    await writeFormat2Index(legacyDir.path, loaded, embeddings);
    const expected = loaded.chunks.map(plainChunk);
    expect([(await readIndexChunks(indexDir))?.chunks, (await readIndexChunks(legacyDir.path))?.chunks]).toEqual([expected, expected]);
  });

  it("names a damaged chunk table", async () => {
    await run();
    await flipFirstByte(path.join(await generationDir(), "chunk-table.json"));
    await expect(readIndexChunks(indexDir)).rejects.toMatchObject({ code: ErrorCode.IndexCorrupt, message: expect.stringContaining("chunk-table.json is damaged") });
  });
});

describe("the hnswlib store of a format-3 index", () => {
  it("lets a search filter read each hit's source without reading its body (only the text reads it)", async () => {
    await run();
    const file = path.join(await generationDir(), "chunk-bodies.jsonl");
    const bytes = await fs.readFile(file);
    await fs.writeFile(file, Buffer.alloc(bytes.length, 0x23));
    const index = await openIndex(indexDir, embeddings, { verify: "opened-files" });
    const sources: string[] = [];
    const hits = await index.store.similaritySearchVectorWithScore(await embeddings.embedQuery("lighthouse"), 3, ((document: { metadata: Record<string, unknown> }) => {
      sources.push(String(document.metadata.source));
      return true;
    }) as never);
    expect({ hits: hits.length, filtered: sources.length > 0 }).toEqual({ hits: 3, filtered: true });
    expect(() => hits[0]?.[0].pageContent).toThrow(expect.objectContaining({ code: ErrorCode.IndexCorrupt }));
  });
});

describe("an index written in format 2", () => {
  it("opens and answers as before", async () => {
    await run();
    const current = await openIndex(indexDir, embeddings);
    const legacyDir = await makeTempDir("legacy-index");
    cleanup.push(legacyDir.remove);
    await writeFormat2Index(legacyDir.path, current, embeddings);
    const [now, before] = [await ask(indexDir), await ask(legacyDir.path)];
    expect({ ...before, timings: undefined }).toEqual({ ...now, timings: undefined });
    expect((await openIndex(legacyDir.path, embeddings)).manifest.formatVersion).toBe(2);
  });

  it("is rewritten in format 3 by the next ingest even when nothing changed, without embedding anything", async () => {
    await run();
    const legacyDir = await makeTempDir("legacy-index");
    cleanup.push(legacyDir.remove);
    await writeFormat2Index(legacyDir.path, await openIndex(indexDir, embeddings), embeddings);
    const summary = await ingest({ corpusDir, indexDir: legacyDir.path, maxFileBytes: 100_000, chunkMaxChars: 1_500, embeddings, logger: silentLogger() });
    expect({ embedded: summary.embeddedChunks, upToDate: summary.upToDate, format: (await openIndex(legacyDir.path, embeddings)).manifest.formatVersion }).toEqual({ embedded: 0, upToDate: false, format: 3 });
  });

  it("is rewritten in format 3 by the next ingest, which reuses its vectors", async () => {
    await run();
    const legacyDir = await makeTempDir("legacy-index");
    cleanup.push(legacyDir.remove);
    await writeFormat2Index(legacyDir.path, await openIndex(indexDir, embeddings), embeddings);
    await writeFiles(corpusDir, { "glaciers.md": "# Glaciers\n\nThe Aletsch glacier is long.\n" });
    const summary = await ingest({ corpusDir, indexDir: legacyDir.path, maxFileBytes: 100_000, chunkMaxChars: 1_500, embeddings, logger: silentLogger() });
    expect({ reused: summary.reusedChunks > 0, format: (await openIndex(legacyDir.path, embeddings)).manifest.formatVersion }).toEqual({ reused: true, format: 3 });
  });
});
