import type { Kysely } from "kysely";
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import type { StoreKind } from "./store-kind.js";
import type { Tables } from "./tables.js";

export interface RateLimiterSpec {
  keyPrefix: string;
  points: number;
  durationSec: number;
}

/**
 * What differs between SQLite and PostgreSQL, and nothing else: the connection, how a transaction excludes other
 * writers, and the driver the rate limiter talks to. Every query above this is shared Kysely code.
 */
export interface StoreEngine {
  readonly kind: StoreKind;
  readonly db: Kysely<Tables>;
  /** Where the store lives, safe to print: a file path, or the PostgreSQL URL without its password. */
  readonly location: string;
  /**
   * Runs `work` in one transaction that no other caller of `exclusive(lockName)` interleaves with, in this process or
   * another: SQLite takes the database's write lock up front (BEGIN IMMEDIATE, so a waiting writer queues on
   * busy_timeout instead of failing on a stale snapshot); PostgreSQL takes a transaction-scoped advisory lock named
   * `lockName`. `work` must use the transaction it is given, never `db`: on SQLite that would wait for itself.
   */
  exclusive<T>(lockName: string, work: (trx: Kysely<Tables>) => Promise<T>): Promise<T>;
  serverVersion(): Promise<string>;
  /** A rate-limiter-flexible limiter on this engine's own connection, over the `rate_limits` table the migrations made. */
  rateLimiter(spec: RateLimiterSpec): RateLimiterAbstract;
  close(): Promise<void>;
}
