import type { RandomAccessFile } from "./random-access-file.js";
import type { VectorMatrix } from "./vectors.js";

/** How much of a vector file a process keeps in memory: the rows recent questions touched. */
export const STORED_VECTOR_CACHE_BYTES = 16 * 1024 * 1024;

/**
 * A float32 matrix whose rows stay on disk and are read on demand (through `row()`), in blocks of
 * `rowsPerBlock` with a small LRU cache: retrieval reads a few hundred rows per question, while the
 * unit vectors of a 100k-chunk index are 2 GB. Reading `data` loads the whole file (ingest, benchmarks).
 */
export function storedVectors(file: RandomAccessFile, dimension: number, options: { rowsPerBlock: number; cacheBytes?: number; damaged: (detail: string) => Error }): VectorMatrix {
  const rowBytes = dimension * 4;
  if (file.size % rowBytes !== 0) throw options.damaged(`${file.path} holds ${file.size} bytes, not whole rows of ${dimension} floats`);
  const rows = file.size / rowBytes;
  const blockBytes = rowBytes * options.rowsPerBlock;
  const capacity = Math.max(1, Math.floor((options.cacheBytes ?? STORED_VECTOR_CACHE_BYTES) / blockBytes));
  const blocks = new Map<number, Float32Array>();
  let whole: Float32Array | undefined;
  const block = (number: number): Float32Array => {
    const cached = blocks.get(number);
    if (cached) {
      // Re-inserted: a Map iterates in insertion order, so the first key is the least recently used.
      blocks.delete(number);
      blocks.set(number, cached);
      return cached;
    }
    const bytes = file.read(number * blockBytes, blockBytes);
    const values = new Float32Array(bytes.length / 4);
    new Uint8Array(values.buffer).set(bytes);
    blocks.set(number, values);
    if (blocks.size > capacity) blocks.delete(blocks.keys().next().value as number);
    return values;
  };
  return {
    dimension,
    rows,
    get data(): Float32Array {
      if (!whole) {
        const bytes = file.read(0, file.size);
        whole = new Float32Array(bytes.length / 4);
        new Uint8Array(whole.buffer).set(bytes);
      }
      return whole;
    },
    readRow(index: number): Float32Array {
      if (whole) return whole.subarray(index * dimension, (index + 1) * dimension);
      if (!(index >= 0 && index < rows)) return new Float32Array(dimension);
      const start = (index % options.rowsPerBlock) * dimension;
      return block(Math.floor(index / options.rowsPerBlock)).subarray(start, start + dimension);
    },
  };
}
