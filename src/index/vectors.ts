/** Row-major float32 matrix: `rows × dimension`, the on-disk and in-memory form of stored vectors. */
export interface VectorMatrix {
  dimension: number;
  rows: number;
  data: Float32Array;
  /** Present when the rows stay on disk (see stored-vectors.ts): `row()` reads through it, and `data` loads them all. */
  readRow?(index: number): Float32Array;
}

export function toMatrix(vectors: number[][], dimension: number): VectorMatrix {
  const data = new Float32Array(vectors.length * dimension);
  vectors.forEach((vector, row) => data.set(vector, row * dimension));
  return { dimension, rows: vectors.length, data };
}

export function row(matrix: VectorMatrix, index: number): Float32Array {
  if (matrix.readRow) return matrix.readRow(index);
  return matrix.data.subarray(index * matrix.dimension, (index + 1) * matrix.dimension);
}

/** Dot product; equal to cosine similarity for the unit-length vectors the embedders return. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}

export function normalise(vector: number[]): number[] {
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

export function matrixToBuffer(matrix: VectorMatrix): Buffer {
  return Buffer.from(matrix.data.buffer, matrix.data.byteOffset, matrix.data.byteLength);
}

export function bufferToMatrix(buffer: Buffer, dimension: number): VectorMatrix {
  const copy = new Float32Array(buffer.byteLength / 4);
  new Uint8Array(copy.buffer).set(buffer);
  return { dimension, rows: copy.length / dimension, data: copy };
}
