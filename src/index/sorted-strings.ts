/**
 * A set of strings kept as one sorted, newline-separated string: a few bytes per entry where a Set of the
 * same strings costs ~80, and nothing to build when read back (a corpus of 100k sections has millions of
 * word pairs). Lookups are a binary search. Entries must be non-empty and free of "\n".
 */
export interface SortedStrings {
  readonly size: number;
  has(value: string): boolean;
}

/** `values` sorted (by UTF-16 code units, as `<` compares) and joined: the stored form. */
export function joinSorted(values: Iterable<string>): string {
  return [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join("\n");
}

/** The set a `joinSorted` string holds. */
export function sortedStrings(joined: string): SortedStrings {
  let lines = joined === "" ? 0 : 1;
  for (let at = joined.indexOf("\n"); at !== -1; at = joined.indexOf("\n", at + 1)) lines++;
  const offsets = new Uint32Array(lines);
  let line = 1;
  for (let at = joined.indexOf("\n"); at !== -1; at = joined.indexOf("\n", at + 1)) offsets[line++] = at + 1;
  const entry = (i: number) => joined.slice(offsets[i], i + 1 < offsets.length ? (offsets[i + 1] ?? 0) - 1 : joined.length);
  return {
    size: offsets.length,
    has(value) {
      let low = 0;
      let high = offsets.length - 1;
      while (low <= high) {
        const middle = (low + high) >>> 1;
        const candidate = entry(middle);
        if (candidate === value) return true;
        if (candidate < value) low = middle + 1;
        else high = middle - 1;
      }
      return false;
    },
  };
}
