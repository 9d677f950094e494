import { createHash } from "node:crypto";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { RateLimiterPostgres } from "rate-limiter-flexible";
import { CitebotError, ErrorCode } from "../errors.js";
import type { Logger } from "../logger.js";
import type { StoreEngine } from "./engine.js";
import type { Tables } from "./tables.js";

export interface PostgresEngineOptions {
  url: string;
  poolSize: number;
  /** How long opening a connection may take before the server counts as unreachable. */
  connectTimeoutMs?: number;
  logger?: Logger;
}

const INT8_OID = 20;

/**
 * Times are epoch milliseconds in bigint columns; node-postgres hands int8 back as a string because it can exceed
 * 2^53. Milliseconds until the year 285,000 fit, so this pool reads them as numbers (its own parser, not the
 * process-wide one, which other code may rely on).
 */
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8_OID && format !== "binary" ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

/** Connects, checks the server answers, and fails with one message naming DATABASE_URL if it does not. */
export async function openPostgresEngine(options: PostgresEngineOptions): Promise<StoreEngine> {
  const location = redactUrl(options.url);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
    application_name: "citebot",
    types,
  });
  // An idle connection dropped by the server (a restart, a failover) is reported here; without a listener node-postgres
  // would crash the process. The pool replaces it on the next query.
  pool.on("error", (error) => options.logger?.warn({ err: error, store: location }, "a PostgreSQL connection closed; the pool will reconnect"));
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new CitebotError(
      ErrorCode.StoreUnavailable,
      `DATABASE_URL: cannot reach PostgreSQL at ${location} (${connectionProblem(error)}). Check that the server is running and the URL's host, port, database, user and password; or leave DATABASE_URL empty to use the embedded SQLite store under DATA_DIR.`,
      { cause: error },
    );
  }
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });

  return {
    kind: "postgres",
    db,
    location,
    exclusive: (lockName, work) =>
      db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${advisoryLockKey(lockName)}::bigint)`.execute(trx);
        return work(trx);
      }),
    async serverVersion() {
      const row = await sql<{ server_version: string }>`show server_version`.execute(db);
      return `PostgreSQL ${row.rows[0]?.server_version ?? "?"}`;
    },
    rateLimiter: ({ keyPrefix, points, durationSec }) =>
      new RateLimiterPostgres({ storeClient: pool, storeType: "pool", tableName: "rate_limits", tableCreated: true, clearExpiredByTimeout: false, keyPrefix, points, duration: durationSec }),
    async close() {
      await db.destroy();
    },
  };
}

/** A stable signed 64-bit key for pg_advisory_xact_lock, from a readable name. */
export function advisoryLockKey(name: string): string {
  return createHash("sha256").update(`citebot:${name}`).digest().readBigInt64BE(0).toString();
}

/** The URL with its password removed, for messages and /healthz. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "";
    parsed.search = "";
    return parsed.toString();
  } catch {
    return "(an unparseable URL)";
  }
}

function connectionProblem(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const reasons: Record<string, string> = {
    ECONNREFUSED: "connection refused: nothing listens on that host and port",
    ENOTFOUND: "host not found",
    EAI_AGAIN: "host name lookup failed",
    ETIMEDOUT: "connection timed out",
    "28P01": "password authentication failed",
    "28000": "the server refused this user or host (pg_hba.conf)",
    "3D000": "the database does not exist",
    "57P03": "the server is starting up or shutting down",
  };
  if (typeof code === "string" && reasons[code]) return reasons[code];
  const message = error instanceof Error ? error.message : String(error);
  return /timeout/i.test(message) ? "connection timed out" : message;
}
