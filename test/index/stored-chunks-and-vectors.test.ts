import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Chunk } from "../../src/corpus/document.js";
import { encodeChunkTable, openChunkTable, plainChunk } from "../../src/index/chunk-table.js";
import { openRandomAccessFile } from "../../src/index/random-access-file.js";
import { storedVectors } from "../../src/index/stored-vectors.js";
import { row } from "../../src/index/vectors.js";
import { chunksOf } from "../helpers/chunks.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { TINY_CORPUS } from "../helpers/tiny-corpus.js";

let dir: { path: string; remove: () => Promise<void> };
const damaged = (detail: string) => Object.assign(new Error(detail), { code: "index_corrupt" });

beforeAll(async () => {
  dir = await makeTempDir("stored");
});
afterAll(() => dir.remove());

describe("a chunk table whose bodies are read on demand", () => {
  it("gives every chunk back whole through a body cache of two, in any order", async () => {
    const chunks: Chunk[] = chunksOf(TINY_CORPUS);
    const { table, bodies } = encodeChunkTable(chunks);
    await fs.writeFile(path.join(dir.path, "bodies"), bodies);
    const reader = openChunkTable(Buffer.from(table), openRandomAccessFile(path.join(dir.path, "bodies")), damaged, 2);
    const order = [...chunks.keys(), ...[...chunks.keys()].reverse(), 0, 3, 0, 3];
    expect(order.map((i) => plainChunk(reader.chunks[i] as Chunk))).toEqual(order.map((i) => chunks[i]));
  });

  it("counts each chunk's first unit row", async () => {
    const chunks: Chunk[] = chunksOf(TINY_CORPUS);
    const { table, bodies } = encodeChunkTable(chunks);
    await fs.writeFile(path.join(dir.path, "bodies"), bodies);
    const reader = openChunkTable(Buffer.from(table), openRandomAccessFile(path.join(dir.path, "bodies")), damaged);
    const starts = chunks.map((_, i) => chunks.slice(0, i).reduce((sum, chunk) => sum + chunk.units.length, 0));
    expect({ starts: Array.from(reader.firstUnitRow), units: reader.unitCount }).toEqual({ starts, units: chunks.reduce((sum, chunk) => sum + chunk.units.length, 0) });
  });

  it("writes the table as ASCII, escaping the section separator, and reads it back as it was", async () => {
    const chunks: Chunk[] = chunksOf(TINY_CORPUS);
    const { table, bodies } = encodeChunkTable(chunks);
    await fs.writeFile(path.join(dir.path, "bodies"), bodies);
    const reader = openChunkTable(Buffer.from(table), openRandomAccessFile(path.join(dir.path, "bodies")), damaged);
    expect({ ascii: /^[\x00-\x7f]*$/.test(table), sections: reader.chunks.map((chunk) => chunk.section) }).toEqual({ ascii: true, sections: chunks.map((chunk) => chunk.section) });
  });

  it("refuses bodies whose size differs from what the table says", async () => {
    const { table, bodies } = encodeChunkTable(chunksOf(TINY_CORPUS));
    await fs.writeFile(path.join(dir.path, "bodies"), bodies.subarray(1));
    expect(() => openChunkTable(Buffer.from(table), openRandomAccessFile(path.join(dir.path, "bodies")), damaged)).toThrow(/chunk-bodies.jsonl holds/);
  });

  it("serialises as the whole chunk, body included", async () => {
    const chunks: Chunk[] = chunksOf(TINY_CORPUS);
    const { table, bodies } = encodeChunkTable(chunks);
    await fs.writeFile(path.join(dir.path, "bodies"), bodies);
    const reader = openChunkTable(Buffer.from(table), openRandomAccessFile(path.join(dir.path, "bodies")), damaged);
    expect(JSON.parse(JSON.stringify(reader.chunks))).toEqual(chunks);
  });
});

describe("vectors read on demand", () => {
  const dimension = 4;
  const rows = 37;
  const values = Float32Array.from({ length: rows * dimension }, (_, i) => i / 7);

  it("reads every row as the file holds it through a cache smaller than the file, whichever order", async () => {
    await fs.writeFile(path.join(dir.path, "vectors"), Buffer.from(values.buffer));
    const matrix = storedVectors(openRandomAccessFile(path.join(dir.path, "vectors")), dimension, { rowsPerBlock: 4, cacheBytes: 2 * 4 * dimension * 4, damaged });
    const order = [0, 36, 5, 4, 3, 35, 17, 0, 36, 18, 1];
    expect(order.map((i) => Array.from(row(matrix, i)))).toEqual(order.map((i) => Array.from(values.subarray(i * dimension, (i + 1) * dimension))));
    expect(matrix.rows).toBe(rows);
  });

  it("loads the whole matrix when `data` is read", async () => {
    await fs.writeFile(path.join(dir.path, "vectors"), Buffer.from(values.buffer));
    expect(Array.from(storedVectors(openRandomAccessFile(path.join(dir.path, "vectors")), dimension, { rowsPerBlock: 4, damaged }).data)).toEqual(Array.from(values));
  });

  it("refuses a file that is not whole rows", async () => {
    await fs.writeFile(path.join(dir.path, "vectors"), Buffer.from(values.buffer).subarray(2));
    expect(() => storedVectors(openRandomAccessFile(path.join(dir.path, "vectors")), dimension, { rowsPerBlock: 4, damaged })).toThrow(/not whole rows/);
  });
});
