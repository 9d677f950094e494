import { dot, row, type VectorMatrix } from "../src/index/vectors.js";
import { createRandom } from "./random.js";

/** How crowded a vector set is: what makes approximate search easy or hard. */
export interface Geometry {
  /** Mean cosine of random pairs (0 for isotropic vectors; ≈ 0.3 for the real sentence embeddings). */
  randomPairCosine: number;
  /** Mean cosine of a query to its nearest and to its 10th nearest neighbour. */
  nearestCosine: number;
  tenthCosine: number;
}

export function describeGeometry(base: VectorMatrix, queries: VectorMatrix, truth: readonly (readonly number[])[], pairs = 2_000): Geometry {
  const random = createRandom(99);
  let randomSum = 0;
  for (let i = 0; i < pairs; i++) randomSum += dot(row(base, random.int(base.rows)), row(base, random.int(base.rows)));
  let nearest = 0;
  let tenth = 0;
  truth.forEach((ids, q) => {
    nearest += dot(row(queries, q), row(base, ids[0] ?? 0));
    tenth += dot(row(queries, q), row(base, ids[ids.length - 1] ?? 0));
  });
  const n = Math.max(1, truth.length);
  return { randomPairCosine: randomSum / pairs, nearestCosine: nearest / n, tenthCosine: tenth / n };
}
