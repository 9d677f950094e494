export interface RateLimiter {
  /** Takes one request from the user's allowance; false when they are over it. */
  tryTake(key: string): boolean;
}

/** A per-key sliding window: at most `perMinute` requests in any 60 s. */
export function createRateLimiter(perMinute: number, now: () => number = Date.now): RateLimiter {
  const windowMs = 60_000;
  const seen = new Map<string, number[]>();
  return {
    tryTake(key) {
      const t = now();
      const recent = (seen.get(key) ?? []).filter((stamp) => t - stamp < windowMs);
      if (recent.length >= perMinute) {
        seen.set(key, recent);
        return false;
      }
      recent.push(t);
      seen.set(key, recent);
      if (seen.size > 10_000) pruneIdle(seen, t, windowMs);
      return true;
    },
  };
}

function pruneIdle(seen: Map<string, number[]>, t: number, windowMs: number): void {
  for (const [key, stamps] of seen) {
    if (stamps.every((stamp) => t - stamp >= windowMs)) seen.delete(key);
  }
}
