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
import { encodeChunkTable, openChunkTable, plainChunk } from "./chunk-table.js";
import type { CitebotEmbeddings } from "./embedder.js";
import { hashFile, verifyFiles } from "./integrity.js";
import { encodeLexicalIndex, type LexicalIndex } from "./lexical.js";
import { Manifest, INDEX_FORMAT_VERSION } from "./manifest.js";
import { LEGACY_FILES, openLegacy } from "./open-format2.js";
import { GENERATION_FILES, openGeneration, readGraph, type VerifyMode } from "./open-generation.js";
import { matrixToBuffer, type VectorMatrix } from "./vectors.js";

/** hnswlib graph parameters; `npm run bench` measured recall@10 ≥ 0.95 with these (see bench/report.md). */
export const HNSW_PARAMS = { m: 16, efConstruction: 200 } as const;

const CURRENT = "CURRENT";
const FILES = GENERATION_FILES;

export interface IndexContents {
  manifest: Omit<Manifest, "files" | "formatVersion" | "hnsw" | "createdAt">;
  chunks: Chunk[];
  chunkVectors: VectorMatrix;
  /** One row per chunk: its heading path alone. */
  headingVectors: VectorMatrix;
  /** One row per unit, chunk by chunk, in each chunk's unit order. */
  unitVectors: VectorMatrix;
  /** Files an upper layer derived from the chunks (the engine's vocabulary.json), written beside the rest. */
  derived?: Record<string, string | Buffer>;
}

export interface LoadedIndex extends IndexContents {
  manifest: Manifest;
  store: HNSWLib;
  generation: string;
  /** What opened it: a replica (a worker thread) opens the same generation with this. */
  pointer: IndexPointer;
  /** Row of each chunk's first unit in `unitVectors`. */
  firstUnitRow: ArrayLike<number>;
  /** The BM25 index as ingest wrote it; undefined for a format-2 index, which has to build it. */
  lexical?: LexicalIndex;
  /** Derived files' contents by name (see IndexContents.derived). */
  derived: Record<string, string>;
  /**
   * Settles once every file's hash has been checked (see VerifyMode); rejects with index_corrupt. Never left
   * unhandled, and its hashing thread does not keep the process alive by itself.
   */
  verified: Promise<void>;
  /** Closes the files read on demand; call once no answer uses this generation. */
  close(): void;
}

export interface OpenIndexOptions {
  /** hnswlib search breadth (HNSW_EF_SEARCH): higher is more exact and slower. */
  efSearch?: number;
  /** Default `before-open`. */
  verify?: VerifyMode;
  /** Open this generation rather than the one CURRENT names (a replica of an engine that already serves it). */
  pointer?: IndexPointer;
}

export const defaultOpenIndexOptions = { efSearch: 64 } as const satisfies Required<Pick<OpenIndexOptions, "efSearch">>;

/**
 * Builds the hnswlib graph with our parameters and wraps it in LangChain's HNSWLib store (whose own `initIndex`
 * would use hnswlib's defaults), with every chunk in its docstore: the form benchmarks and format-2 indexes use.
 */
export async function buildStore(embeddings: CitebotEmbeddings, chunks: Chunk[], vectors: VectorMatrix): Promise<HNSWLib> {
  const index = await buildGraph(vectors);
  const docs = new Map<string, Document>();
  chunks.forEach((chunk, i) => {
    docs.set(String(i), new Document({ pageContent: chunk.text, metadata: { index: i, id: chunk.id, source: chunk.source, title: chunk.title, section: chunk.section, url: chunk.url } }));
  });
  return new HNSWLib(embeddings, { space: "cosine", numDimensions: vectors.dimension, index, docstore: new SynchronousInMemoryDocstore(docs) });
}

/** The hnswlib graph over `vectors`, label = row. */
async function buildGraph(vectors: VectorMatrix) {
  const { default: hnswlib } = await import("hnswlib-node");
  const index = new hnswlib.HierarchicalNSW("cosine", vectors.dimension);
  index.initIndex(Math.max(1, vectors.rows), HNSW_PARAMS.m, HNSW_PARAMS.efConstruction, 100);
  for (let i = 0; i < vectors.rows; i++) index.addPoint(Array.from(vectors.data.subarray(i * vectors.dimension, (i + 1) * vectors.dimension)), i);
  return index;
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
    const graph = await buildGraph(contents.chunkVectors);
    await graph.writeIndex(path.join(tmp, FILES.graph));
    await syncFile(path.join(tmp, FILES.graph));
    // Everything start-up would otherwise rebuild is derived here, once (see open-generation.ts).
    const { table, bodies } = encodeChunkTable(contents.chunks);
    await writeDurably(path.join(tmp, FILES.chunkTable), table);
    await writeDurably(path.join(tmp, FILES.chunkBodies), bodies);
    const lexical = encodeLexicalIndex(contents.chunks);
    await writeDurably(path.join(tmp, FILES.lexicalJson), lexical.json);
    await writeDurably(path.join(tmp, FILES.lexicalBinary), lexical.binary);
    await writeDurably(path.join(tmp, FILES.chunkVectors), matrixToBuffer(contents.chunkVectors));
    await writeDurably(path.join(tmp, FILES.headingVectors), matrixToBuffer(contents.headingVectors));
    await writeDurably(path.join(tmp, FILES.unitVectors), matrixToBuffer(contents.unitVectors));
    for (const [name, data] of Object.entries(contents.derived ?? {})) {
      if (!/^[\w.-]+$/.test(name) || Object.values<string>(FILES).includes(name)) throw new Error(`a derived index file may not be called "${name}"`);
      await writeDurably(path.join(tmp, name), data);
    }
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
    const previous = await readPointer(indexDir).catch(() => undefined);
    await fs.rename(pointer, path.join(indexDir, CURRENT));
    // The generation this one replaces stays until the next write: a bot on another machine sharing the
    // folder may still be answering from it (a local one keeps its files open, so deletion cannot hurt it).
    await removeStale(indexDir, [generation, previous?.generation ?? generation]);
    return generation;
  } catch (error) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Opens the current generation (or `options.pointer`'s), checking the manifest's hash, format and embedder, and
 * the file hashes as `options.verify` says. A format-3 generation reads its chunk bodies and vectors on demand.
 */
export async function openIndex(indexDir: string, embeddings: CitebotEmbeddings, given: OpenIndexOptions = {}): Promise<LoadedIndex> {
  const options = { ...given, ...resolveOptions("openIndex", defaultOpenIndexOptions, { ...(given.efSearch === undefined ? {} : { efSearch: given.efSearch }) }, { efSearch: z.number().int().min(1) }) };
  const pointer = options.pointer ?? (await readPointer(indexDir));
  if (!pointer) {
    throw new CitebotError(ErrorCode.IndexMissing, `No index in ${indexDir}. Run \`npm run ingest\` to build it from the corpus.`);
  }
  const { generation } = pointer;
  const dir = path.join(indexDir, generation);
  // Both formats keep an hnswlib graph here: its read starts now, beside reading and checking the manifest.
  const graph = readGraph(dir, embeddings.dimension);
  graph.catch(() => undefined);
  try {
    return await openStarted(indexDir, dir, pointer, embeddings, options, graph);
  } catch (error) {
    // hnswlib's read finishes on a libuv thread: a worker thread torn down while it runs aborts the whole process
    // (its completion throws into a dying environment), so no failure leaves here before the read has settled.
    await graph.catch(() => undefined);
    throw error;
  }
}

async function openStarted(indexDir: string, dir: string, pointer: IndexPointer, embeddings: CitebotEmbeddings, options: OpenIndexOptions & { efSearch: number }, graph: ReturnType<typeof readGraph>): Promise<LoadedIndex> {
  const { generation } = pointer;
  const manifest = await readManifest(dir, pointer.manifestSha256);
  if (manifest.embedder.id !== embeddings.id || manifest.embedder.dimension !== embeddings.dimension) {
    throw new CitebotError(
      ErrorCode.EmbedderMismatch,
      `The index in ${indexDir} was built with the embedder "${manifest.embedder.id}" (${manifest.embedder.dimension} dimensions), but EMBEDDINGS now gives "${embeddings.id}" (${embeddings.dimension}). Run \`npm run ingest\` to rebuild it.`,
    );
  }
  const damaged = (detail: string) => corrupt(indexDir, detail);
  if (manifest.formatVersion === 2) {
    // LangChain's HNSWLib.load reads the graph again: one copy at a time.
    await graph.catch(() => undefined);
    return { ...(await openLegacy(dir, manifest, embeddings, options.efSearch, damaged)), manifest, generation, pointer };
  }
  const opened = await openGeneration(dir, manifest, embeddings, { efSearch: options.efSearch, verify: options.verify ?? "before-open", damaged, graph });
  const { derived, ...rest } = opened;
  return { ...rest, derived: Object.fromEntries(derived), manifest, generation, pointer };
}

/**
 * The current generation's chunks alone, bodies included, checked against its manifest, without the embedder or the
 * vectors: for readers that need only the text of each section. Undefined when there is no index yet. (main added
 * this for format 2, reading chunks.json; this one reads either format: keep it when merging.)
 */
export async function readIndexChunks(indexDir: string): Promise<{ generation: string; chunks: Chunk[] } | undefined> {
  const pointer = await readPointer(indexDir);
  if (!pointer) return undefined;
  const dir = path.join(indexDir, pointer.generation);
  const manifest = await readManifest(dir, pointer.manifestSha256);
  const read = async (name: string) => {
    const bytes = await fs.readFile(path.join(dir, name)).catch(() => undefined);
    if (!bytes || sha256(bytes) !== manifest.files[name]) throw corrupt(indexDir, `${name} is ${bytes ? "damaged" : "missing"}`);
    return bytes;
  };
  if (manifest.formatVersion === 2) return { generation: pointer.generation, chunks: (JSON.parse((await read(LEGACY_FILES.chunks)).toString("utf8")) as { chunks: Chunk[] }).chunks };
  const bodies = await read(FILES.chunkBodies);
  const inMemory = { path: FILES.chunkBodies, size: bodies.length, read: (position: number, length: number) => bodies.subarray(position, position + length), close: () => undefined };
  const { chunks } = openChunkTable(await read(FILES.chunkTable), inMemory, (detail) => corrupt(indexDir, detail));
  return { generation: pointer.generation, chunks: chunks.map(plainChunk) };
}

/** A generation's manifest, checked against the hash its pointer holds. */
export async function readGenerationManifest(indexDir: string, pointer: IndexPointer): Promise<Manifest> {
  return readManifest(path.join(indexDir, pointer.generation), pointer.manifestSha256);
}

/**
 * Checks every file of a generation against its manifest (whose own hash `pointer` holds), without opening it:
 * for whoever serves a generation through replicas that open it with verify "opened-files" (the engine pool).
 */
export async function verifyGeneration(indexDir: string, pointer: IndexPointer): Promise<void> {
  const dir = path.join(indexDir, pointer.generation);
  const manifest = await readManifest(dir, pointer.manifestSha256);
  await verifyFiles(dir, manifest.files, Object.keys(manifest.files), (detail) => corrupt(indexDir, detail));
}

/**
 * What `CURRENT` says: the current generation and the sha256 of its manifest.json, which covers the manifest itself
 * (the manifest in turn holds the hash of every other file). Indexes written before the hash was added name only
 * the generation; they load without the manifest check until the next ingest rewrites CURRENT.
 */
export interface IndexPointer {
  generation: string;
  manifestSha256?: string;
}

const POINTER_FORMAT = /^(gen-[\w-]+)(?:\nmanifest sha256:([0-9a-f]{64}))?\n?$/;

function formatPointer(pointer: Required<IndexPointer>): string {
  return `${pointer.generation}\nmanifest sha256:${pointer.manifestSha256}\n`;
}

/** The pointer, or undefined when there is no index yet (no CURRENT). A CURRENT that does not parse is damage, not absence. */
export async function readPointer(indexDir: string): Promise<IndexPointer | undefined> {
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
    bytes = await fs.readFile(path.join(dir, GENERATION_FILES.manifest));
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

async function syncFile(file: string): Promise<void> {
  const handle = await fs.open(file, "r+");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

async function removeStale(indexDir: string, keep: readonly string[]): Promise<void> {
  for (const name of await fs.readdir(indexDir)) {
    if (!keep.includes(name) && (name.startsWith("gen-") || name.startsWith("tmp-") || name.startsWith(`${CURRENT}.tmp`))) {
      await fs.rm(path.join(indexDir, name), { recursive: true, force: true }).catch(() => undefined);
    }
  }
}
