import type { Chunk } from "../../src/corpus/document.js";
import { deriveEngineFiles } from "../../src/engine/prepared-index.js";
import type { CitebotEmbeddings } from "../../src/index/embedder.js";
import type { ManifestDocument } from "../../src/index/manifest.js";
import { type LoadedIndex, writeIndex } from "../../src/index/store.js";
import { row, type VectorMatrix } from "../../src/index/vectors.js";

// A copy of src/bench/synthetic-index.ts and what it needs (phase B moves src/bench; tests and scripts/perf must not depend on it).

/** A seeded generator (mulberry32): the same synthetic index in every process. */
export function createRandom(seed: number): { next(): number; gaussian(): number; int(n: number): number } {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    gaussian: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    int: (n) => Math.floor(next() * n),
  };
}

/** Unit vectors around `clusters` random centres sharing one common direction, as sentence embeddings do. */
export function clusteredVectors(rows: number, dimension: number, clusters: number, seed: number): VectorMatrix {
  const random = createRandom(seed);
  const unit = (values: Float64Array) => {
    const norm = Math.sqrt(values.reduce((sum, value) => sum + value * value, 0)) || 1;
    return values.map((value) => value / norm);
  };
  const common = unit(Float64Array.from({ length: dimension }, () => random.gaussian()));
  const centres = Array.from({ length: clusters }, () => unit(Float64Array.from({ length: dimension }, () => random.gaussian())));
  const data = new Float32Array(rows * dimension);
  const point = new Float64Array(dimension);
  for (let r = 0; r < rows; r++) {
    const centre = centres[random.int(clusters)] as Float64Array;
    for (let i = 0; i < dimension; i++) point[i] = 0.9 * (common[i] as number) + (centre[i] as number) + (0.6 * random.gaussian()) / Math.sqrt(dimension);
    data.set(unit(point), r * dimension);
  }
  return { dimension, rows, data };
}

const WORD = /\b[A-Za-z]{4,}\b/g;

/** Every distinct word of four letters or more in `texts`. */
export function vocabularyOf(texts: readonly string[]): string[] {
  return [...new Set(texts.flatMap((text) => text.match(WORD) ?? []))].sort();
}

export interface SyntheticIndexSummary {
  chunks: number;
  units: number;
  documents: number;
  writeMs: number;
}

/**
 * Writes an index of `chunkCount` chunks shaped like `real`: each copies a real chunk's units (a fifth of the
 * words swapped, so the BM25 vocabulary grows) and their real unit vectors, with a synthetic clustered vector
 * per chunk so the hnswlib graph is built over distinct points. Goes through `writeIndex`.
 */
export async function writeSyntheticIndex(indexDir: string, real: LoadedIndex, chunkCount: number, embeddings: CitebotEmbeddings, seed: number): Promise<SyntheticIndexSummary> {
  const random = createRandom(seed);
  const vocabulary = vocabularyOf(real.chunks.map((chunk) => chunk.text));
  const swap = (text: string) => text.replace(WORD, (word) => (random.next() < 0.2 ? (vocabulary[random.int(vocabulary.length)] ?? word) : word));
  const chunksPerDocument = Math.max(1, Math.round(real.chunks.length / Math.max(1, real.manifest.documents.length)));
  const firstUnitRow: number[] = [];
  real.chunks.reduce((next, chunk) => {
    firstUnitRow.push(next);
    return next + chunk.units.length;
  }, 0);
  const chunks: Chunk[] = [];
  const unitRows: number[] = [];
  for (let i = 0; i < chunkCount; i++) {
    const templateIndex = i % real.chunks.length;
    const template = real.chunks[templateIndex] as Chunk;
    const documentNo = Math.floor(i / chunksPerDocument);
    const units = template.units.map((unit, u) => {
      unitRows.push((firstUnitRow[templateIndex] ?? 0) + u);
      return { ...unit, text: unit.kind === "code" ? unit.text : swap(unit.text) };
    });
    chunks.push({ ...template, id: `synthetic-${documentNo}#${i}`, source: `synthetic/doc-${documentNo}.md`, title: `${template.title} (${documentNo})`, url: `/synthetic/${documentNo}/`, text: units.map((unit) => unit.text).join("\n"), units });
  }
  const dimension = real.chunkVectors.dimension;
  const unitData = new Float32Array(unitRows.length * dimension);
  unitRows.forEach((from, to) => unitData.set(row(real.unitVectors, from), to * dimension));
  const chunkVectors = clusteredVectors(chunkCount, dimension, Math.max(10, Math.round(chunkCount / 500)), seed + 1);
  const documents = new Map<string, ManifestDocument>();
  for (const chunk of chunks) {
    const entry = documents.get(chunk.source) ?? { source: chunk.source, title: chunk.title, url: chunk.url, hash: chunk.source, chunkIds: [] };
    entry.chunkIds.push(chunk.id);
    documents.set(chunk.source, entry);
  }
  const started = performance.now();
  await writeIndex(
    indexDir,
    {
      manifest: { embedder: { id: embeddings.id, dimension: embeddings.dimension }, documents: [...documents.values()], dropped: [], skipped: [], counts: { chunks: chunks.length, units: unitRows.length } },
      chunks,
      chunkVectors,
      headingVectors: chunkVectors,
      unitVectors: { dimension, rows: unitRows.length, data: unitData },
      derived: deriveEngineFiles(chunks),
    },
    embeddings,
  );
  return { chunks: chunks.length, units: unitRows.length, documents: documents.size, writeMs: performance.now() - started };
}
