import fs from "node:fs/promises";
import path from "node:path";
import { Document } from "@langchain/core/documents";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { SynchronousInMemoryDocstore } from "@langchain/community/stores/doc/in_memory";
import type { Chunk } from "../corpus/document.js";
import { openChunkTable } from "./chunk-table.js";
import type { CitebotEmbeddings } from "./embedder.js";
import { hashFilesInOrder } from "./integrity.js";
import { decodeLexicalIndex, type LexicalIndex } from "./lexical.js";
import type { Manifest } from "./manifest.js";
import { openRandomAccessFile, type RandomAccessFile } from "./random-access-file.js";
import { storedVectors } from "./stored-vectors.js";
import type { VectorMatrix } from "./vectors.js";

/** The files of a format-3 generation; any other file the manifest lists was derived by an upper layer (vocabulary.json). */
export const GENERATION_FILES = {
  manifest: "manifest.json",
  graph: "hnswlib.index",
  chunkTable: "chunk-table.json",
  chunkBodies: "chunk-bodies.jsonl",
  chunkVectors: "chunk-vectors.f32",
  headingVectors: "heading-vectors.f32",
  unitVectors: "unit-vectors.f32",
  lexicalJson: "lexical.json",
  lexicalBinary: "lexical.bin",
} as const;

/** Files read only in part, on demand: with `verify: "background"` their hashes are checked after the open returns. */
const ON_DEMAND: readonly string[] = [GENERATION_FILES.chunkBodies, GENERATION_FILES.chunkVectors, GENERATION_FILES.headingVectors, GENERATION_FILES.unitVectors];

/**
 * When the manifest's file hashes are checked (always on a worker thread). `before-open`: all of them before the
 * open returns (ingest, tests). `background`: the files parsed at open before it returns, the on-demand ones
 * (nine tenths of the bytes) after, settling `verified`. `opened-files`: only the former, for a replica of a
 * generation whose owner checks the rest (the engine pool).
 */
export type VerifyMode = "before-open" | "background" | "opened-files";

export interface OpenedGeneration {
  chunks: Chunk[];
  firstUnitRow: Uint32Array;
  chunkVectors: VectorMatrix;
  headingVectors: VectorMatrix;
  unitVectors: VectorMatrix;
  store: HNSWLib;
  lexical: LexicalIndex;
  derived: ReadonlyMap<string, string>;
  verified: Promise<void>;
  close(): void;
}

/** Opens a format-3 generation folder; `damaged(detail)` makes the IndexCorrupt error. */
export async function openGeneration(
  dir: string,
  manifest: Manifest,
  embeddings: CitebotEmbeddings,
  options: { efSearch?: number; verify: VerifyMode; damaged: (detail: string) => Error; /** readGraph(dir) started earlier. */ graph?: ReturnType<typeof readGraph> },
): Promise<OpenedGeneration> {
  const { damaged } = options;
  const names = Object.keys(manifest.files);
  const known = new Set<string>(Object.values(GENERATION_FILES));
  const missing = [...known].filter((name) => name !== GENERATION_FILES.manifest && !(name in manifest.files));
  if (missing.length > 0) throw damaged(`manifest.json does not list ${missing.join(", ")}`);
  // Hashes are computed on a worker thread while this one parses and hnswlib reads its graph on a libuv thread:
  // the open takes the longest of the three, not their sum. Nothing is searched before its file's hash matched.
  const parsedNow = names.filter((name) => !ON_DEMAND.includes(name)).sort((a, b) => (a === GENERATION_FILES.graph ? -1 : b === GENERATION_FILES.graph ? 1 : 0));
  const hashing = hashFilesInOrder([...parsedNow, ...(options.verify === "opened-files" ? [] : ON_DEMAND)].map((name) => path.join(dir, name)));
  const check = async (list: readonly string[]): Promise<void> => {
    for (const name of list) {
      const actual = await (hashing.hashes.get(path.join(dir, name)) ?? Promise.resolve("missing"));
      if (actual !== manifest.files[name]) throw damaged(`${name} is ${actual === "missing" ? "missing" : "damaged"}`);
    }
  };
  const read = async (name: string) => fs.readFile(path.join(dir, name));

  const files: RandomAccessFile[] = [];
  const open = (name: string) => {
    const file = openRandomAccessFile(path.join(dir, name));
    files.push(file);
    return file;
  };
  const dimension = manifest.embedder.dimension;
  const graphRead = options.graph ?? readGraph(dir, dimension);
  graphRead.catch(() => undefined);
  try {
    if (options.verify === "before-open") await check(ON_DEMAND);
    const table = openChunkTable(await read(GENERATION_FILES.chunkTable), open(GENERATION_FILES.chunkBodies), damaged);
    const vectors = (name: string, rowsPerBlock: number) => storedVectors(open(name), dimension, { rowsPerBlock, damaged });
    // A chunk's units are contiguous rows: blocks of 16 read most chunks' units in one or two reads.
    const chunkVectors = vectors(GENERATION_FILES.chunkVectors, 1);
    const headingVectors = vectors(GENERATION_FILES.headingVectors, 1);
    const unitVectors = vectors(GENERATION_FILES.unitVectors, 16);
    const { chunks } = table;
    if (chunks.length !== manifest.counts.chunks || chunkVectors.rows !== chunks.length || headingVectors.rows !== chunks.length) throw damaged("chunk counts do not match the manifest");
    if (unitVectors.rows !== manifest.counts.units || table.unitCount !== manifest.counts.units) throw damaged("unit counts do not match the manifest");
    const lexical = decodeLexicalIndex({ json: (await read(GENERATION_FILES.lexicalJson)).toString("utf8"), binary: await read(GENERATION_FILES.lexicalBinary) });
    const derived = new Map<string, string>();
    for (const name of names.filter((name) => !known.has(name))) derived.set(name, (await read(name)).toString("utf8"));
    await check(parsedNow);
    const graph = await graphRead;
    if (graph.getCurrentCount() !== chunks.length) throw damaged("the hnswlib graph does not hold one point per chunk");
    if (options.efSearch) graph.setEf(options.efSearch);
    const store = new HNSWLib(embeddings, { space: "cosine", numDimensions: dimension, index: graph, docstore: new ChunkDocstore(chunks) });
    hashing.inBackground();
    const verified = options.verify === "background" ? check(ON_DEMAND) : Promise.resolve();
    // Marked handled here; whoever awaits `verified` still sees the rejection.
    verified.catch(() => undefined);
    return { chunks, firstUnitRow: table.firstUnitRow, chunkVectors, headingVectors, unitVectors, store, lexical, derived, verified, close: () => files.forEach((file) => file.close()) };
  } catch (error) {
    for (const file of files) file.close();
    hashing.inBackground();
    await graphRead.catch(() => undefined);
    // A file that fails to parse is most likely damaged: the hash says so with the file's name.
    await check(options.verify === "before-open" ? [...ON_DEMAND, ...parsedNow] : parsedNow);
    if (error instanceof Error && error.name === "CitebotError") throw error;
    throw damaged((error as Error).message);
  }
}

/**
 * Starts reading a generation's hnswlib graph on a libuv thread (1.5–3 s for 100k chunks on a shared VM, the
 * longest step of an open): callers start it as soon as they know the folder, before the manifest is read.
 * hnswlib checks the file's structure as it loads (sizes, link-list lengths); its links are followed only by a
 * search, and nothing searches before the file's hash matched.
 */
export async function readGraph(dir: string, dimension: number) {
  const { default: hnswlib } = await import("hnswlib-node");
  const graph = new hnswlib.HierarchicalNSW("cosine", dimension);
  await graph.readIndex(path.join(dir, GENERATION_FILES.graph));
  return graph;
}

/** LangChain's docstore over the chunk table: each hit becomes a Document when a search returns it, not at load. */
class ChunkDocstore extends SynchronousInMemoryDocstore {
  readonly #chunks: readonly Chunk[];

  constructor(chunks: readonly Chunk[]) {
    super(new Map());
    this.#chunks = chunks;
  }

  override search(search: string): Document {
    const index = Number(search);
    const chunk = this.#chunks[index];
    if (!chunk) throw new Error(`ID ${search} not found.`);
    const document = new Document({ pageContent: "", metadata: { index, id: chunk.id, source: chunk.source, title: chunk.title, section: chunk.section, url: chunk.url } });
    // A search filter reads the metadata of every point it visits: the body is read only if someone reads the text.
    Object.defineProperty(document, "pageContent", { get: () => chunk.text, enumerable: true, configurable: true });
    return document;
  }
}
