import fs from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CitebotError, ErrorCode } from "../../src/errors.js";
import { ingest, type IngestSummary } from "../../src/index/ingest.js";
import { openIndex, type LoadedIndex } from "../../src/index/store.js";
import { row } from "../../src/index/vectors.js";
import { silentLogger } from "../../src/logger.js";
import { HASHED_DIMENSION, HashedBagOfWords } from "../helpers/hashed-embeddings.js";
import { makeTempDir, writeFiles } from "../helpers/temp-dir.js";
import { TINY_CORPUS } from "../helpers/tiny-corpus.js";

let corpusDir: string;
let indexDir: string;
let cleanup: Array<() => Promise<void>> = [];

beforeEach(async () => {
  const corpus = await makeTempDir("ingest-corpus");
  const index = await makeTempDir("ingest-index");
  corpusDir = corpus.path;
  indexDir = index.path;
  cleanup = [corpus.remove, index.remove];
  await writeFiles(corpusDir, TINY_CORPUS);
});

afterEach(async () => {
  await Promise.all(cleanup.map((remove) => remove()));
});

function run(embeddings = new HashedBagOfWords(), hooks?: { beforeSwitch?: () => Promise<void> }): Promise<IngestSummary> {
  return ingest({ corpusDir, indexDir, maxFileBytes: 100_000, chunkMaxChars: 1_500, embeddings, logger: silentLogger(), hooks });
}

const open = (embeddings = new HashedBagOfWords()): Promise<LoadedIndex> => openIndex(indexDir, embeddings);
const chunkIdsOf = (index: LoadedIndex, source: string) => index.chunks.filter((chunk) => chunk.source === source).map((chunk) => chunk.id);

describe("ingest of a new corpus", () => {
  it("records the embedder's id and dimension in the manifest", async () => {
    await run();
    expect((await open()).manifest.embedder).toEqual({ id: "hashed-bow-64@test", dimension: HASHED_DIMENSION });
  });

  it("records every document with its title, url and a sha256 content hash", async () => {
    await run();
    const documents = (await open()).manifest.documents.map(({ source, title, url, hash }) => ({ source, title, url, hashIsSha256: /^[0-9a-f]{64}$/.test(hash) }));
    expect(documents).toEqual([
      { source: "lighthouses.md", title: "Scottish Lighthouses", url: "/guides/lighthouses/", hashIsSha256: true },
      { source: "tides.txt", title: "Tides", url: "tides.txt", hashIsSha256: true },
      { source: "volcanoes.md", title: "Volcanoes", url: "volcanoes.md", hashIsSha256: true },
    ]);
  });

  it("records each document's chunk ids in index order", async () => {
    await run();
    const index = await open();
    expect(index.manifest.documents.map((document) => document.chunkIds)).toEqual(index.manifest.documents.map((document) => chunkIdsOf(index, document.source)));
  });

  it("embeds every chunk and reports the counts it wrote", async () => {
    const summary = await run();
    const index = await open();
    expect(summary).toMatchObject({ files: 3, documents: 3, chunks: index.chunks.length, units: index.unitVectors.rows, embeddedChunks: index.chunks.length, reusedChunks: 0, upToDate: false });
  });

  it("stores one unit vector per quotable unit, and counts them in the manifest", async () => {
    await run();
    const index = await open();
    const units = index.chunks.reduce((sum, chunk) => sum + chunk.units.length, 0);
    expect({ rows: index.unitVectors.rows, counted: index.manifest.counts.units }).toEqual({ rows: units, counted: units });
  });

  it("stores each chunk with the quotable units of its section", async () => {
    await run();
    const bellRock = (await open()).chunks.find((chunk) => chunk.section === "Scottish Lighthouses › Bell Rock");
    expect(bellRock?.units.map((unit) => [unit.kind, unit.text])).toEqual([
      ["sentence", "The Bell Rock lighthouse stands 35 metres tall off the coast of Angus."],
      ["sentence", "Robert Stevenson finished building the Bell Rock tower in 1810."],
    ]);
  });

  it("reports the same unit count when nothing changed", async () => {
    const first = await run();
    expect((await run()).units).toBe(first.units);
  });

  it("lists skipped files in the summary and the manifest", async () => {
    await writeFiles(corpusDir, { "empty.md": "", "photo.jpg": "not really a photo" });
    const summary = await run();
    expect({ summary: summary.skipped.map((s) => s.source), manifest: (await open()).manifest.skipped.map((s) => s.source) }).toEqual({
      summary: ["empty.md", "photo.jpg"],
      manifest: ["empty.md", "photo.jpg"],
    });
  });

  it("fails with corpus_empty, naming CORPUS_DIR, when nothing is readable", async () => {
    await Promise.all(Object.keys(TINY_CORPUS).map((name) => fs.rm(path.join(corpusDir, name))));
    await writeFiles(corpusDir, { "empty.md": "" });
    await expect(run()).rejects.toMatchObject({ code: ErrorCode.CorpusEmpty, message: expect.stringContaining("CORPUS_DIR") });
  });
});

describe("ingest without the corpus folder", () => {
  it("fails with corpus_missing, naming CORPUS_DIR and how to fix it", async () => {
    const missing = path.join(corpusDir, "nowhere");
    await expect(ingest({ corpusDir: missing, indexDir, embeddings: new HashedBagOfWords(), logger: silentLogger() })).rejects.toMatchObject({
      code: ErrorCode.CorpusMissing,
      message: expect.stringMatching(new RegExp(`^CORPUS_DIR: the folder ${missing.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} does not exist\\. Create it .* set CORPUS_DIR`)),
    });
  });
});

describe("ingest of a corpus that was ingested before", () => {
  it("reports up to date when nothing changed", async () => {
    await run();
    expect(await run()).toMatchObject({ upToDate: true, embeddedChunks: 0 });
  });

  it("writes the files `derive` adds to an index that lacks them, embedding nothing", async () => {
    await run();
    const derive = () => ({ "words.json": "[]" });
    const summary = await ingest({ corpusDir, indexDir, maxFileBytes: 100_000, chunkMaxChars: 1_500, embeddings: new HashedBagOfWords(), logger: silentLogger(), derive });
    expect({ upToDate: summary.upToDate, embedded: summary.embeddedChunks, derived: (await open()).derived }).toEqual({ upToDate: false, embedded: 0, derived: { "words.json": "[]" } });
  });

  it("embeds nothing when nothing changed", async () => {
    await run();
    const embeddings = new HashedBagOfWords();
    await run(embeddings);
    expect(embeddings.embedded).toEqual([]);
  });

  it("keeps the same generation when nothing changed", async () => {
    await run();
    const before = (await open()).generation;
    await run();
    expect((await open()).generation).toBe(before);
  });

  it("re-embeds only the chunks of a changed file", async () => {
    await run();
    await writeFiles(corpusDir, { "volcanoes.md": `${TINY_CORPUS["volcanoes.md"]}\n## Stromboli\n\nStromboli has erupted almost continuously for two thousand years.\n` });
    const summary = await run();
    // volcanoes.md now has three sections (Etna, Vesuvius, Stromboli); lighthouses.md two and tides.txt one stay as they were.
    expect({ embedded: summary.embeddedChunks, reused: summary.reusedChunks, volcanoChunks: chunkIdsOf(await open(), "volcanoes.md").length }).toEqual({ embedded: 3, reused: 3, volcanoChunks: 3 });
  });

  it("says how many chunks it is embedding and how many are unchanged", async () => {
    const labels: string[] = [];
    const recording = { start: (label: string) => void labels.push(label), advance() {}, stop() {} };
    await ingest({ corpusDir, indexDir, embeddings: new HashedBagOfWords(), logger: silentLogger(), progress: recording });
    await writeFiles(corpusDir, { "volcanoes.md": `${TINY_CORPUS["volcanoes.md"]}\n## Stromboli\n\nStromboli has erupted almost continuously for two thousand years.\n` });
    await ingest({ corpusDir, indexDir, embeddings: new HashedBagOfWords(), logger: silentLogger(), progress: recording });
    expect(labels).toEqual(["Embedding 5 chunks", "Embedding 3 of 6 chunks (3 unchanged)"]);
  });

  it("sends only the changed file's text to the embedder", async () => {
    await run();
    await writeFiles(corpusDir, { "tides.txt": "Tides\n\nThe sun also pulls the oceans, so spring tides come at new and full moon.\n" });
    const embeddings = new HashedBagOfWords();
    await run(embeddings);
    expect(embeddings.embedded.filter((text) => /lighthouse|Bell Rock|Etna|Vesuvius|Volcano/i.test(text))).toEqual([]);
  });

  it("reuses an unchanged chunk's stored vector exactly", async () => {
    await run();
    const before = await open();
    await writeFiles(corpusDir, { "tides.txt": "Tides\n\nThe sun also pulls the oceans, so spring tides come at new and full moon.\n" });
    await run();
    const after = await open();
    const bellRock = (index: LoadedIndex) => Array.from(row(index.chunkVectors, index.chunks.findIndex((chunk) => chunk.section.endsWith("Bell Rock"))));
    expect(bellRock(after)).toEqual(bellRock(before));
  });

  it("embeds only a newly added file", async () => {
    await run();
    await writeFiles(corpusDir, { "glaciers.md": "# Glaciers\n\nThe Aletsch glacier is the largest in the Alps at about 20 kilometres long.\n" });
    const summary = await run();
    expect(summary.embeddedChunks).toBe(chunkIdsOf(await open(), "glaciers.md").length);
  });

  it("removes a deleted file's chunks from the index", async () => {
    await run();
    const lighthouseChunks = chunkIdsOf(await open(), "lighthouses.md");
    await fs.rm(path.join(corpusDir, "lighthouses.md"));
    await run();
    const index = await open();
    expect({ stillThere: index.chunks.filter((chunk) => lighthouseChunks.includes(chunk.id)), documents: index.manifest.documents.map((d) => d.source) }).toEqual({
      stillThere: [],
      documents: ["tides.txt", "volcanoes.md"],
    });
  });

  it("removes a deleted file's unit vectors too", async () => {
    await run();
    await fs.rm(path.join(corpusDir, "lighthouses.md"));
    await run();
    const index = await open();
    expect(index.unitVectors.rows).toBe(index.chunks.reduce((sum, chunk) => sum + chunk.units.length, 0));
  });

  it("keeps an unchanged chunk's unit vectors exactly when another file changes", async () => {
    await run();
    const etnaUnits = (index: LoadedIndex) => {
      let first = 0;
      for (const chunk of index.chunks) {
        if (chunk.section.endsWith("Etna")) return Array.from({ length: chunk.units.length }, (_, u) => Array.from(row(index.unitVectors, first + u)));
        first += chunk.units.length;
      }
      return [];
    };
    const before = etnaUnits(await open());
    await writeFiles(corpusDir, { "lighthouses.md": `${TINY_CORPUS["lighthouses.md"]}\n## Eddystone\n\nThe Eddystone lighthouse stands on rocks off Plymouth.\n` });
    await run();
    expect({ some: before.length > 0, same: etnaUnits(await open()) }).toEqual({ some: true, same: before });
  });

  it("re-embeds everything when the embedder changed", async () => {
    await run();
    const summary = await run(new HashedBagOfWords({ id: "hashed-bow-64@v2" }));
    expect({ embedded: summary.embeddedChunks, reused: summary.reusedChunks }).toEqual({ embedded: summary.chunks, reused: 0 });
  });

  it("rebuilds over a corrupt index instead of failing", async () => {
    await run();
    const generation = (await open()).generation;
    await fs.writeFile(path.join(indexDir, generation, "chunk-table.json"), "{}");
    const summary = await run();
    expect({ embedded: summary.embeddedChunks, loads: (await open()).chunks.length }).toEqual({ embedded: summary.chunks, loads: summary.chunks });
  });

  it("fails with the hook's error and no summary when the switch is interrupted", async () => {
    await run();
    await writeFiles(corpusDir, { "glaciers.md": "# Glaciers\n\nThe Aletsch glacier is long.\n" });
    const interrupted = new CitebotError(ErrorCode.IngestFailed, "power cut");
    await expect(
      run(new HashedBagOfWords(), {
        beforeSwitch: async () => {
          throw interrupted;
        },
      }),
    ).rejects.toBe(interrupted);
  });
});
