/**
 * Mean recall@k: the share of each query's true k nearest neighbours that the store returned
 * among its first k results.
 */
export function recallAtK(found: readonly (readonly number[])[], truth: readonly (readonly number[])[], k: number): number {
  if (truth.length === 0) return Number.NaN;
  if (found.length !== truth.length) throw new Error(`recall needs one result list per query (${found.length} for ${truth.length})`);
  let hits = 0;
  let expected = 0;
  truth.forEach((exact, q) => {
    const wanted = new Set(exact.slice(0, k));
    expected += wanted.size;
    for (const id of (found[q] ?? []).slice(0, k)) if (wanted.has(id)) hits++;
  });
  return expected === 0 ? Number.NaN : hits / expected;
}
