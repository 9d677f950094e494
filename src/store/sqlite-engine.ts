import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import { RateLimiterSQLite } from "rate-limiter-flexible";
import { CitebotError, ErrorCode } from "../errors.js";
import type { StoreEngine } from "./engine.js";
import type { Tables } from "./tables.js";

/** The store's file inside DATA_DIR. */
export const SQLITE_FILE_NAME = "citebot.sqlite";

/**
 * How long a statement waits for another process's write lock before failing. Writes here are single statements
 * or short transactions, so a wait this long means something is stuck, not busy.
 */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * Opens (creating if needed) the SQLite file. WAL lets readers run beside the one writer; synchronous=FULL fsyncs
 * each commit, so a question acknowledged after its job was written survives a power cut as well as a kill -9.
 * better-sqlite3 is synchronous: each statement blocks the event loop for its few microseconds, and every query goes
 * through Kysely's single-connection mutex.
 */
export function openSqliteEngine(file: string): StoreEngine {
  let database: Database.Database;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    database = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    database.pragma("journal_mode = WAL");
    database.pragma("synchronous = FULL");
  } catch (error) {
    throw new CitebotError(
      ErrorCode.StoreUnavailable,
      `DATA_DIR: cannot open the store file ${file} (${(error as Error).message}). Make DATA_DIR a writable folder, or set DATABASE_URL to use PostgreSQL.`,
      { cause: error },
    );
  }
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database }) });

  return {
    kind: "sqlite",
    db,
    location: file,
    // SQLite has one writer per database: BEGIN IMMEDIATE is the lock, whatever its name.
    exclusive: (_lockName, work) =>
      db.connection().execute(async (connection) => {
        await sql`begin immediate`.execute(connection);
        try {
          const result = await work(connection);
          await sql`commit`.execute(connection);
          return result;
        } catch (error) {
          await sql`rollback`.execute(connection).catch(() => undefined);
          throw error;
        }
      }),
    async serverVersion() {
      const row = await sql<{ version: string }>`select sqlite_version() as version`.execute(db);
      return `SQLite ${row.rows[0]?.version ?? "?"}`;
    },
    // The limiter uses the same connection outside Kysely's mutex. That is safe because better-sqlite3 runs its upsert
    // synchronously, and the only transactions that span awaits (`exclusive`) run while the store opens, before any
    // limiter exists.
    rateLimiter: ({ keyPrefix, points, durationSec }) =>
      new RateLimiterSQLite({ storeClient: database, storeType: "better-sqlite3", tableName: "rate_limits", tableCreated: true, clearExpiredByTimeout: false, keyPrefix, points, duration: durationSec }),
    async close() {
      await db.destroy();
    },
  };
}
