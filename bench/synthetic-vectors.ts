import type { VectorMatrix } from "../src/index/vectors.js";
import { createRandom } from "./random.js";

export interface ClusteredVectorsOptions {
  rows: number;
  dimension: number;
  clusters: number;
  seed: number;
  /** Dimensions each cluster varies along; text embeddings spread over a few directions, not all 512. */
  clusterRank?: number;
  /** Length of the within-cluster variation relative to the unit-length centre. */
  spread?: number;
  /** Length of the isotropic noise added to every vector. */
  noise?: number;
  /**
   * Length of one direction shared by every vector. Sentence embeddings are anisotropic: on the real
   * corpus two unrelated sentences still have cosine ≈ 0.3, which crowds the angles an index must tell apart.
   */
  shared?: number;
}

/**
 * Unit-length vectors drawn around random cluster centres, each cluster varying in its own low-rank
 * subspace plus a little isotropic noise. Same options and seed → same vectors, in any process;
 * base vectors and queries come from one seed with different `pick` streams so they share clusters.
 */
export function clusteredVectors(options: ClusteredVectorsOptions, pick: { seed: number; rows: number }): VectorMatrix {
  const { dimension, clusters } = options;
  const rank = options.clusterRank ?? 16;
  const spread = options.spread ?? 0.9;
  const noise = options.noise ?? 0.35;
  const shared = options.shared ?? 0.9;
  const shape = createRandom(options.seed);
  const common = unit(Array.from({ length: dimension }, () => shape.gaussian()));
  const centres = Array.from({ length: clusters }, () => unit(Array.from({ length: dimension }, () => shape.gaussian())));
  const bases = Array.from({ length: clusters }, () => Float32Array.from({ length: rank * dimension }, () => shape.gaussian() / Math.sqrt(dimension)));

  const random = createRandom(pick.seed);
  const data = new Float32Array(pick.rows * dimension);
  const point = new Float64Array(dimension);
  for (let r = 0; r < pick.rows; r++) {
    const cluster = random.int(clusters);
    const centre = centres[cluster] as Float64Array;
    const basis = bases[cluster] as Float32Array;
    for (let i = 0; i < dimension; i++) point[i] = shared * (common[i] as number) + (centre[i] as number) + (noise * random.gaussian()) / Math.sqrt(dimension);
    for (let j = 0; j < rank; j++) {
      const weight = (spread * random.gaussian()) / Math.sqrt(rank);
      const offset = j * dimension;
      for (let i = 0; i < dimension; i++) point[i] = (point[i] as number) + weight * (basis[offset + i] as number);
    }
    let norm = 0;
    for (let i = 0; i < dimension; i++) norm += (point[i] as number) ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < dimension; i++) data[r * dimension + i] = (point[i] as number) / norm;
  }
  return { dimension, rows: pick.rows, data };
}

function unit(values: number[]): Float64Array {
  const norm = Math.hypot(...values) || 1;
  return Float64Array.from(values, (value) => value / norm);
}
