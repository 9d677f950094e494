import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { Document } from "@langchain/core/documents";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { SynchronousInMemoryDocstore } from "@langchain/community/stores/doc/in_memory";
import type { Chunk } from "../corpus/document.js";
import { CitebotError, ErrorCode } from "../errors.js";
import type { CitebotEmbeddings } from "./embedder.js";
import { Manifest, INDEX_FORMAT_VERSION } from "./manifest.js";
import { bufferToMatrix, matrixToBuffer, type VectorMatrix } from "./vectors.js";

/** hnswlib graph parameters; `npm run bench` measured recall@10 ≥ 0.95 with these (see bench/report.md). */
export const HNSW_PARAMS = { m: 16, efConstruction: 200 } as const;

const CURRENT = "CURRENT";
const FILES = { chunks: "chunks.json", chunkVectors: "chunk-vectors.f32", headingVectors: "heading-vectors.f32", unitVectors: "unit-vectors.f32", manifest: "manifest.json" };

export interface IndexContents {
  manifest: Omit<Manifest, "files" | "formatVersion" | "hnsw" | "createdAt">;
  chunks: Chunk[];
  chunkVectors: VectorMatrix;
  /** One row per chunk: its heading path alone. */
  headingVectors: VectorMatrix;
  /** One row per unit, chunk by chunk, in each chunk's unit order. */
  unitVectors: VectorMatrix;
}

export interface LoadedIndex extends IndexContents {
  manifest: Manifest;
  store: HNSWLib;
  generation: string;
}

/**
 * Builds the hnswlib graph with our parameters and wraps it in LangChain's HNSWLib store
 * (whose own `initIndex` would use hnswlib's defaults), which then saves, loads and searches it.
 */
export async function buildStore(embeddings: CitebotEmbeddings, chunks: Chunk[], vectors: VectorMatrix): Promise<HNSWLib> {
  const { default: hnswlib } = await import("hnswlib-node");
  const index = new hnswlib.HierarchicalNSW("cosine", vectors.dimension);
  index.initIndex(Math.max(1, chunks.length), HNSW_PARAMS.m, HNSW_PARAMS.efConstruction, 100);
  const docs = new Map<string, Document>();
  chunks.forEach((chunk, i) => {
    index.addPoint(Array.from(vectors.data.subarray(i * vectors.dimension, (i + 1) * vectors.dimension)), i);
    docs.set(String(i), new Document({ pageContent: chunk.text, metadata: { index: i, id: chunk.id, source: chunk.source, title: chunk.title, section: chunk.section, url: chunk.url } }));
  });
  return new HNSWLib(embeddings, { space: "cosine", numDimensions: vectors.dimension, index, docstore: new SynchronousInMemoryDocstore(docs) });
}

/**
 * Writes a new index generation, then switches `CURRENT` to it with one atomic rename.
 * A crash or kill at any point leaves the previous generation as the one loaded.
 */
export async function writeIndex(indexDir: string, contents: IndexContents, embeddings: CitebotEmbeddings, hooks: { beforeSwitch?: () => Promise<void> } = {}): Promise<string> {
  await fs.mkdir(indexDir, { recursive: true });
  const tmp = path.join(indexDir, `tmp-${Date.now()}-${randomBytes(3).toString("hex")}`);
  await fs.mkdir(tmp);
  try {
    const store = await buildStore(embeddings, contents.chunks, contents.chunkVectors);
    await store.save(tmp);
    await writeDurably(path.join(tmp, FILES.chunks), JSON.stringify({ chunks: contents.chunks }));
    await writeDurably(path.join(tmp, FILES.chunkVectors), matrixToBuffer(contents.chunkVectors));
    await writeDurably(path.join(tmp, FILES.headingVectors), matrixToBuffer(contents.headingVectors));
    await writeDurably(path.join(tmp, FILES.unitVectors), matrixToBuffer(contents.unitVectors));
    const files: Record<string, string> = {};
    for (const name of (await fs.readdir(tmp)).sort()) files[name] = await hashFile(path.join(tmp, name));
    const manifest: Manifest = { formatVersion: INDEX_FORMAT_VERSION, createdAt: new Date().toISOString(), hnsw: { ...HNSW_PARAMS }, ...contents.manifest, files };
    await writeDurably(path.join(tmp, FILES.manifest), JSON.stringify(manifest, null, 2));
    const generation = `gen-${Date.now()}-${randomBytes(3).toString("hex")}`;
    await fs.rename(tmp, path.join(indexDir, generation));
    await hooks.beforeSwitch?.();
    const pointer = path.join(indexDir, `${CURRENT}.tmp-${randomBytes(3).toString("hex")}`);
    await writeDurably(pointer, generation);
    await fs.rename(pointer, path.join(indexDir, CURRENT));
    await removeStale(indexDir, generation);
    return generation;
  } catch (error) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw error;
  }
}

/** Loads the current generation, checking format, embedder and file hashes first. */
export async function openIndex(indexDir: string, embeddings: CitebotEmbeddings, options: { efSearch?: number } = {}): Promise<LoadedIndex> {
  const generation = await currentGeneration(indexDir);
  if (!generation) {
    throw new CitebotError(ErrorCode.IndexMissing, `No index in ${indexDir}. Run \`npm run ingest\` to build it from the corpus.`);
  }
  const dir = path.join(indexDir, generation);
  const manifest = await readManifest(dir);
  if (manifest.embedder.id !== embeddings.id || manifest.embedder.dimension !== embeddings.dimension) {
    throw new CitebotError(
      ErrorCode.EmbedderMismatch,
      `The index in ${indexDir} was built with the embedder "${manifest.embedder.id}" (${manifest.embedder.dimension} dimensions), but EMBEDDINGS now gives "${embeddings.id}" (${embeddings.dimension}). Run \`npm run ingest\` to rebuild it.`,
    );
  }
  for (const [name, expected] of Object.entries(manifest.files)) {
    const actual = await hashFile(path.join(dir, name)).catch(() => "missing");
    if (actual !== expected) throw corrupt(indexDir, `${name} is ${actual === "missing" ? "missing" : "damaged"}`);
  }
  try {
    const store = await HNSWLib.load(dir, embeddings);
    if (options.efSearch) store.index.setEf(options.efSearch);
    const { chunks } = JSON.parse(await fs.readFile(path.join(dir, FILES.chunks), "utf8")) as { chunks: Chunk[] };
    const dimension = manifest.embedder.dimension;
    const chunkVectors = bufferToMatrix(await fs.readFile(path.join(dir, FILES.chunkVectors)), dimension);
    const headingVectors = bufferToMatrix(await fs.readFile(path.join(dir, FILES.headingVectors)), dimension);
    const unitVectors = bufferToMatrix(await fs.readFile(path.join(dir, FILES.unitVectors)), dimension);
    if (chunkVectors.rows !== chunks.length || headingVectors.rows !== chunks.length || unitVectors.rows !== manifest.counts.units) throw new Error("vector counts do not match the manifest");
    return { manifest, chunks, chunkVectors, headingVectors, unitVectors, store, generation };
  } catch (error) {
    if (error instanceof CitebotError) throw error;
    throw corrupt(indexDir, (error as Error).message);
  }
}

export async function currentGeneration(indexDir: string): Promise<string | undefined> {
  try {
    const name = (await fs.readFile(path.join(indexDir, CURRENT), "utf8")).trim();
    return /^gen-[\w-]+$/.test(name) ? name : undefined;
  } catch {
    return undefined;
  }
}

/** The manifest of the current generation, or undefined when there is no readable index. */
export async function readCurrentManifest(indexDir: string): Promise<Manifest | undefined> {
  const generation = await currentGeneration(indexDir);
  if (!generation) return undefined;
  return readManifest(path.join(indexDir, generation)).catch(() => undefined);
}

async function readManifest(dir: string): Promise<Manifest> {
  let raw: string;
  try {
    raw = await fs.readFile(path.join(dir, FILES.manifest), "utf8");
  } catch {
    throw corrupt(path.dirname(dir), "manifest.json is missing");
  }
  const parsed = Manifest.safeParse(safeJson(raw));
  if (!parsed.success) throw corrupt(path.dirname(dir), `manifest.json is not valid (${parsed.error.issues[0]?.message ?? "unreadable"})`);
  return parsed.data;
}

function corrupt(indexDir: string, detail: string): CitebotError {
  return new CitebotError(ErrorCode.IndexCorrupt, `The index in ${indexDir} is damaged: ${detail}. Delete that folder and run \`npm run ingest\` to rebuild it.`);
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

async function writeDurably(file: string, data: string | Buffer): Promise<void> {
  const handle = await fs.open(file, "w");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function hashFile(file: string): Promise<string> {
  return createHash("sha256").update(await fs.readFile(file)).digest("hex");
}

async function removeStale(indexDir: string, keep: string): Promise<void> {
  for (const name of await fs.readdir(indexDir)) {
    if (name !== keep && (name.startsWith("gen-") || name.startsWith("tmp-") || name.startsWith(`${CURRENT}.tmp`))) {
      await fs.rm(path.join(indexDir, name), { recursive: true, force: true }).catch(() => undefined);
    }
  }
}
