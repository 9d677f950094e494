import type { VectorMatrix } from "../src/index/vectors.js";

/**
 * Exact top-k by dot product (= cosine for unit vectors) over every row: the recall reference,
 * and the baseline any index has to beat. Keeps a sorted buffer of k, so it never sorts all N scores.
 */
export function exactTopK(matrix: VectorMatrix, query: ArrayLike<number>, k: number): number[] {
  const { data, dimension, rows } = matrix;
  const size = Math.min(k, rows);
  const ids = new Int32Array(size).fill(-1);
  const scores = new Float64Array(size).fill(Number.NEGATIVE_INFINITY);
  for (let r = 0; r < rows; r++) {
    const offset = r * dimension;
    let score = 0;
    for (let i = 0; i < dimension; i++) score += (data[offset + i] as number) * (query[i] as number);
    if (score <= (scores[size - 1] as number)) continue;
    let at = size - 1;
    while (at > 0 && (scores[at - 1] as number) < score) {
      scores[at] = scores[at - 1] as number;
      ids[at] = ids[at - 1] as number;
      at--;
    }
    scores[at] = score;
    ids[at] = r;
  }
  return Array.from(ids).filter((id) => id >= 0);
}
