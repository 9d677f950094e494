import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { Document } from "@langchain/core/documents";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { SynchronousInMemoryDocstore } from "@langchain/community/stores/doc/in_memory";
import type { Chunk } from "../corpus/document.js";
import { z } from "zod";
import { CitebotError, ErrorCode } from "../errors.js";
import { resolveOptions } from "../options.js";
import type { CitebotEmbeddings } from "./embedder.js";
import { ChunksFile } from "./chunks-file.js";
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
    const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2));
    await writeDurably(path.join(tmp, FILES.manifest), manifestBytes);
    const generation = `gen-${Date.now()}-${randomBytes(3).toString("hex")}`;
    await fs.rename(tmp, path.join(indexDir, generation));
    await hooks.beforeSwitch?.();
    const pointer = path.join(indexDir, `${CURRENT}.tmp-${randomBytes(3).toString("hex")}`);
    await writeDurably(pointer, formatPointer({ generation, manifestSha256: sha256(manifestBytes) }));
    await fs.rename(pointer, path.join(indexDir, CURRENT));
    await removeStale(indexDir, generation);
    return generation;
  } catch (error) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw error;
  }
}

export interface OpenIndexOptions {
  /** hnswlib search breadth (HNSW_EF_SEARCH): higher is more exact and slower. */
  efSearch?: number;
}

export const defaultOpenIndexOptions = { efSearch: 64 } as const satisfies Required<OpenIndexOptions>;

/** Loads the current generation, checking the manifest's hash, format, embedder and file hashes first. */
export async function openIndex(indexDir: string, embeddings: CitebotEmbeddings, given: OpenIndexOptions = {}): Promise<LoadedIndex> {
  const options = resolveOptions("openIndex", defaultOpenIndexOptions, given, { efSearch: z.number().int().min(1) });
  const pointer = await readPointer(indexDir);
  if (!pointer) {
    throw new CitebotError(ErrorCode.IndexMissing, `No index in ${indexDir}. Run \`npm run ingest\` to build it from the corpus.`);
  }
  const { generation } = pointer;
  const dir = path.join(indexDir, generation);
  const manifest = await readManifest(dir, pointer.manifestSha256);
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
    store.index.setEf(options.efSearch);
    const parsedChunks = ChunksFile.safeParse(JSON.parse(await fs.readFile(path.join(dir, FILES.chunks), "utf8")));
    if (!parsedChunks.success) throw new Error(`${FILES.chunks} is not valid (${parsedChunks.error.issues[0]?.path.join(".")}: ${parsedChunks.error.issues[0]?.message})`);
    const { chunks } = parsedChunks.data;
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

/**
 * The current generation's chunks alone, checked against its manifest, without the embedder or the vectors: for
 * readers that need only the text of each section (the questions log's content hashes, the stale-answer check).
 * Undefined when there is no index yet.
 */
export async function readIndexChunks(indexDir: string): Promise<{ generation: string; chunks: Chunk[] } | undefined> {
  const pointer = await readPointer(indexDir);
  if (!pointer) return undefined;
  const dir = path.join(indexDir, pointer.generation);
  const manifest = await readManifest(dir, pointer.manifestSha256);
  const bytes = await fs.readFile(path.join(dir, FILES.chunks)).catch(() => undefined);
  if (!bytes || sha256(bytes) !== manifest.files[FILES.chunks]) throw corrupt(indexDir, `${FILES.chunks} is ${bytes ? "damaged" : "missing"}`);
  const { chunks } = JSON.parse(bytes.toString("utf8")) as { chunks: Chunk[] };
  return { generation: pointer.generation, chunks };
}

/**
 * What `CURRENT` says: the current generation and the sha256 of its manifest.json, which covers the manifest itself
 * (the manifest in turn holds the hash of every other file). Indexes written before the hash was added name only
 * the generation; they load without the manifest check until the next ingest rewrites CURRENT.
 */
interface IndexPointer {
  generation: string;
  manifestSha256?: string;
}

const POINTER_FORMAT = /^(gen-[\w-]+)(?:\nmanifest sha256:([0-9a-f]{64}))?\n?$/;

function formatPointer(pointer: Required<IndexPointer>): string {
  return `${pointer.generation}\nmanifest sha256:${pointer.manifestSha256}\n`;
}

/** The pointer, or undefined when there is no index yet (no CURRENT). A CURRENT that does not parse is damage, not absence. */
async function readPointer(indexDir: string): Promise<IndexPointer | undefined> {
  let raw: string;
  try {
    raw = await fs.readFile(path.join(indexDir, CURRENT), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw corrupt(indexDir, `CURRENT cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const match = POINTER_FORMAT.exec(raw.replace(/\r\n/g, "\n").trim());
  if (!match?.[1]) throw corrupt(indexDir, "CURRENT, the pointer to the index generation in use, is garbled");
  return match[2] ? { generation: match[1], manifestSha256: match[2] } : { generation: match[1] };
}

/** The current generation's name; undefined when there is no index yet. Throws IndexCorrupt for a garbled CURRENT. */
export async function currentGeneration(indexDir: string): Promise<string | undefined> {
  return (await readPointer(indexDir))?.generation;
}

/** The manifest of the current generation, or undefined when there is no readable, intact index. */
export async function readCurrentManifest(indexDir: string): Promise<Manifest | undefined> {
  try {
    const pointer = await readPointer(indexDir);
    return pointer ? await readManifest(path.join(indexDir, pointer.generation), pointer.manifestSha256) : undefined;
  } catch {
    return undefined;
  }
}

async function readManifest(dir: string, expectedSha256?: string): Promise<Manifest> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path.join(dir, FILES.manifest));
  } catch {
    throw corrupt(path.dirname(dir), "manifest.json is missing");
  }
  // Any changed byte, even one that leaves valid JSON (a title, a file hash), shows here.
  if (expectedSha256 && sha256(bytes) !== expectedSha256) throw corrupt(path.dirname(dir), "manifest.json is damaged (its sha256 differs from the one CURRENT recorded)");
  const raw = bytes.toString("utf8");
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
  return sha256(await fs.readFile(file));
}

function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

async function removeStale(indexDir: string, keep: string): Promise<void> {
  for (const name of await fs.readdir(indexDir)) {
    if (name !== keep && (name.startsWith("gen-") || name.startsWith("tmp-") || name.startsWith(`${CURRENT}.tmp`))) {
      await fs.rm(path.join(indexDir, name), { recursive: true, force: true }).catch(() => undefined);
    }
  }
}
