import { Document } from "@langchain/core/documents";
import { MemoryVectorStore } from "@langchain/classic/vectorstores/memory";
import type { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import type { Chunk } from "../src/corpus/document.js";
import { UseLiteEmbeddings } from "../src/index/embedder.js";
import { buildStore } from "../src/index/store.js";
import { type VectorMatrix, row } from "../src/index/vectors.js";
import { exactTopK } from "./exact-search.js";

/** The stores compared in part 1; `hnswlib-raw` is only used to try other graph parameters. */
export type StoreKind = "hnswlib" | "exact" | "memory" | "hnswlib-raw";

export const STORE_LABELS: Record<StoreKind, string> = {
  hnswlib: "citebot hnswlib (LangChain HNSWLib via buildStore)",
  exact: "exact brute force (Float32Array)",
  memory: "LangChain MemoryVectorStore",
  "hnswlib-raw": "hnswlib-node (direct)",
};

export interface GraphParams {
  m: number;
  efConstruction: number;
}

/** One store under test: built once from the base vectors, then queried with `number[]` as embedQuery returns. */
export interface BenchStore {
  build(vectors: VectorMatrix): Promise<void>;
  search(query: number[], k: number): Promise<number[]>;
  /** hnswlib only: the search-time candidate list size. */
  setEfSearch?(ef: number): void;
}

// The embedder is never called: stores get vectors, but LangChain's constructors want an Embeddings.
const unusedEmbeddings = new UseLiteEmbeddings();

export function createBenchStore(kind: StoreKind, params?: GraphParams): BenchStore {
  switch (kind) {
    case "hnswlib":
      return citebotHnswStore();
    case "hnswlib-raw":
      if (!params) throw new Error("hnswlib-raw needs graph parameters");
      return rawHnswStore(params);
    case "exact":
      return exactStore();
    case "memory":
      return memoryStore();
  }
}

/** What the engine searches: `buildStore` (our M/efConstruction) behind LangChain's HNSWLib, queried as retrieve() does. */
function citebotHnswStore(): BenchStore {
  let store: HNSWLib | undefined;
  return {
    async build(vectors) {
      store = await buildStore(unusedEmbeddings, syntheticChunks(vectors.rows), vectors);
    },
    async search(query, k) {
      if (!store) throw new Error("search before build");
      const hits = await store.similaritySearchVectorWithScore(query, k);
      return hits.map(([document]) => Number(document.metadata.index));
    },
    setEfSearch(ef) {
      store?.index.setEf(ef);
    },
  };
}

function rawHnswStore(params: GraphParams): BenchStore {
  let index: import("hnswlib-node").HierarchicalNSW | undefined;
  return {
    async build(vectors) {
      const { default: hnswlib } = await import("hnswlib-node");
      index = new hnswlib.HierarchicalNSW("cosine", vectors.dimension);
      index.initIndex(Math.max(1, vectors.rows), params.m, params.efConstruction, 100);
      for (let i = 0; i < vectors.rows; i++) index.addPoint(Array.from(row(vectors, i)), i);
    },
    async search(query, k) {
      if (!index) throw new Error("search before build");
      return index.searchKnn(query, k).neighbors;
    },
    setEfSearch(ef) {
      index?.setEf(ef);
    },
  };
}

function exactStore(): BenchStore {
  let matrix: VectorMatrix | undefined;
  return {
    async build(vectors) {
      // Its own copy, as a store loaded from disk would hold, so its memory is measured like the others'.
      matrix = { ...vectors, data: vectors.data.slice() };
    },
    async search(query, k) {
      if (!matrix) throw new Error("search before build");
      return exactTopK(matrix, query, k);
    },
  };
}

/** What a user writes instead: vectors added as `number[]` with a Document each, searched by a full scan. */
function memoryStore(): BenchStore {
  const store = new MemoryVectorStore(unusedEmbeddings);
  return {
    async build(vectors) {
      const rows = Array.from({ length: vectors.rows }, (_, i) => Array.from(row(vectors, i)));
      const documents = Array.from({ length: vectors.rows }, (_, i) => new Document({ pageContent: "", metadata: { index: i } }));
      await store.addVectors(rows, documents);
    },
    async search(query, k) {
      const hits = await store.similaritySearchVectorWithScore(query, k);
      return hits.map(([document]) => Number(document.metadata.index));
    },
  };
}

function syntheticChunks(rows: number): Chunk[] {
  return Array.from({ length: rows }, (_, i) => ({
    id: `synthetic#${i}`,
    source: "synthetic",
    title: "Synthetic",
    section: "Synthetic",
    url: "",
    text: "",
    units: [],
  }));
}
