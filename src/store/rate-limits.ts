import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { StoreEngine } from "./engine.js";

export interface RateDecision {
  allowed: boolean;
  /** Requests left in the current window (0 when refused). */
  remaining: number;
  /** When refused: how long until the window resets. */
  retryAfterMs: number;
}

/** A per-key allowance shared by every process on the store. */
export interface RateLimit {
  take(key: string): Promise<RateDecision>;
}

export interface RateLimits {
  /**
   * A limit of `perMinute` requests per key in a fixed 60 s window that starts at the key's first request
   * (rate-limiter-flexible's store limiters). `name` keeps different limits' keys apart.
   */
  perMinute(name: string, perMinute: number): RateLimit;
}

export function createRateLimits(engine: StoreEngine, guard: <Part extends object>(part: Part, name: string) => Part = (part) => part): RateLimits {
  const limiters = new Map<string, RateLimiterAbstract>();
  return {
    perMinute(name, perMinute) {
      // The limit is part of the prefix: a changed setting starts fresh counters instead of reading old ones.
      const keyPrefix = `${name}:${perMinute}`;
      let limiter = limiters.get(keyPrefix);
      if (!limiter) {
        limiter = engine.rateLimiter({ keyPrefix, points: perMinute, durationSec: 60 });
        limiters.set(keyPrefix, limiter);
      }
      const chosen = limiter;
      return guard({
        async take(key) {
          try {
            const res = await chosen.consume(key, 1);
            return { allowed: true, remaining: res.remainingPoints, retryAfterMs: 0 };
          } catch (outcome) {
            // The library rejects with a RateLimiterRes when the key is over its limit, and with an Error when the store failed.
            if (outcome instanceof RateLimiterRes) return { allowed: false, remaining: 0, retryAfterMs: outcome.msBeforeNext };
            throw outcome;
          }
        },
      }, `rateLimits.${name}`);
    },
  };
}
