import { dot, normalise } from "../../index/vectors.js";

/** Items grouped by meaning: each cluster lists item indexes, closest to its centroid first. */
export interface Cluster {
  members: number[];
  /** Unit-length mean of the members' vectors. */
  centroid: number[];
}

/** Re-assignment passes after the first: enough for the centroids to settle on sets this size. */
const REFINE_PASSES = 2;

/**
 * Groups unit vectors whose cosine similarity to a cluster's centroid is at least `threshold`, with no cluster count
 * given in advance: each vector joins the most similar centroid above the threshold or starts a new cluster, then
 * every vector is re-assigned to its best centroid a few times, so the order of the input matters little.
 * Deterministic; O(items × clusters) per pass. Largest clusters first.
 */
export function clusterByMeaning(vectors: readonly (readonly number[])[], threshold: number): Cluster[] {
  const units = vectors.map((vector) => normalise([...vector]));
  const sums: number[][] = [];
  let centroids: number[][] = [];
  let assignment: number[] = [];
  for (const vector of units) {
    const [best, similarity] = nearest(vector, centroids);
    const cluster = best >= 0 && similarity >= threshold ? best : centroids.length;
    assignment.push(cluster);
    const sum = sums[cluster] ?? new Array<number>(vector.length).fill(0);
    vector.forEach((value, d) => (sum[d] = (sum[d] ?? 0) + value));
    sums[cluster] = sum;
    centroids[cluster] = normalise(sum);
  }
  for (let pass = 0; pass < REFINE_PASSES; pass++) {
    const next = units.map((vector) => {
      const [best, similarity] = nearest(vector, centroids);
      return similarity >= threshold ? best : -1;
    });
    // A vector no centroid claims any more keeps a cluster of its own.
    let extra = centroids.length;
    assignment = next.map((cluster) => (cluster >= 0 ? cluster : extra++));
    const count = extra;
    centroids = centroidsOf(units, assignment, count);
  }
  const clusters: Cluster[] = [];
  centroids.forEach((centroid, c) => {
    const members = assignment.flatMap((assigned, i) => (assigned === c ? [i] : []));
    if (members.length === 0) return;
    members.sort((a, b) => dot(units[b] ?? [], centroid) - dot(units[a] ?? [], centroid) || a - b);
    clusters.push({ members, centroid });
  });
  return clusters.sort((a, b) => b.members.length - a.members.length || (a.members[0] ?? 0) - (b.members[0] ?? 0));
}

function centroidsOf(units: number[][], assignment: number[], count: number): number[][] {
  const dimension = units[0]?.length ?? 0;
  const sums = Array.from({ length: count }, () => new Array<number>(dimension).fill(0));
  assignment.forEach((cluster, i) => {
    const sum = sums[cluster];
    const vector = units[i];
    if (!sum || !vector) return;
    for (let d = 0; d < dimension; d++) sum[d] = (sum[d] ?? 0) + (vector[d] ?? 0);
  });
  return sums.map(normalise);
}

function nearest(vector: readonly number[], centroids: readonly (readonly number[])[]): [index: number, similarity: number] {
  let best = -1;
  let bestSimilarity = -Infinity;
  centroids.forEach((centroid, i) => {
    const similarity = dot(vector, centroid);
    if (similarity > bestSimilarity) {
      best = i;
      bestSimilarity = similarity;
    }
  });
  return [best, bestSimilarity];
}
