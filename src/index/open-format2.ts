import fs from "node:fs/promises";
import path from "node:path";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { CitebotError } from "../errors.js";
import { ChunksFile } from "./chunks-file.js";
import type { CitebotEmbeddings } from "./embedder.js";
import { verifyFiles } from "./integrity.js";
import type { Manifest } from "./manifest.js";
import { bufferToMatrix } from "./vectors.js";

/** Format 2 kept every chunk in one file and LangChain's docstore.json; it still opens, loaded whole. */
export const LEGACY_FILES = { chunks: "chunks.json", chunkVectors: "chunk-vectors.f32", headingVectors: "heading-vectors.f32", unitVectors: "unit-vectors.f32" };

/** A format-2 generation: every file hashed, then loaded whole; the engine builds the lexical index itself. */
export async function openLegacy(dir: string, manifest: Manifest, embeddings: CitebotEmbeddings, efSearch: number | undefined, damaged: (detail: string) => Error) {
  await verifyFiles(dir, manifest.files, Object.keys(manifest.files), damaged);
  try {
    const store = await HNSWLib.load(dir, embeddings);
    if (efSearch) store.index.setEf(efSearch);
    const parsedChunks = ChunksFile.safeParse(JSON.parse(await fs.readFile(path.join(dir, LEGACY_FILES.chunks), "utf8")));
    if (!parsedChunks.success) throw new Error(`${LEGACY_FILES.chunks} is not valid (${parsedChunks.error.issues[0]?.path.join(".")}: ${parsedChunks.error.issues[0]?.message})`);
    const { chunks } = parsedChunks.data;
    const dimension = manifest.embedder.dimension;
    const chunkVectors = bufferToMatrix(await fs.readFile(path.join(dir, LEGACY_FILES.chunkVectors)), dimension);
    const headingVectors = bufferToMatrix(await fs.readFile(path.join(dir, LEGACY_FILES.headingVectors)), dimension);
    const unitVectors = bufferToMatrix(await fs.readFile(path.join(dir, LEGACY_FILES.unitVectors)), dimension);
    if (chunkVectors.rows !== chunks.length || headingVectors.rows !== chunks.length || unitVectors.rows !== manifest.counts.units) throw new Error("vector counts do not match the manifest");
    const firstUnitRow: number[] = [];
    chunks.reduce((next, chunk) => (firstUnitRow.push(next), next + chunk.units.length), 0);
    return { chunks, chunkVectors, headingVectors, unitVectors, store, firstUnitRow, derived: {}, verified: Promise.resolve(), close: () => undefined };
  } catch (error) {
    if (error instanceof CitebotError) throw error;
    throw damaged((error as Error).message);
  }
}

