import { CitebotError, ErrorCode } from "../errors.js";
import type { StoreEngine } from "./engine.js";
import type { Migration } from "./migrations/migration.js";

export interface MigrationResult {
  /** The schema version the store is at now. */
  version: number;
  /** Versions this call applied (empty when another process, or an earlier start, already had). */
  applied: number[];
}

/**
 * Brings the schema up to the newest migration, once, however many processes start together: everything happens
 * in one transaction holding the migration lock (BEGIN IMMEDIATE on SQLite, an advisory lock on PostgreSQL, taken
 * before even the bookkeeping table is created, since concurrent CREATE TABLE IF NOT EXISTS can collide there).
 * The second process waits, then finds nothing left to do. A store migrated by a newer citebot is refused.
 */
export async function migrate(engine: StoreEngine, migrations: readonly Migration[], now: () => number = Date.now): Promise<MigrationResult> {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  const known = ordered.at(-1)?.version ?? 0;
  return engine.exclusive("migrations", async (trx) => {
    await trx.schema
      .createTable("schema_migrations")
      .ifNotExists()
      .addColumn("version", "integer", (col) => col.primaryKey())
      .addColumn("name", "text", (col) => col.notNull())
      .addColumn("applied_at", "bigint", (col) => col.notNull())
      .execute();
    const done = new Set((await trx.selectFrom("schema_migrations").select("version").execute()).map((row) => Number(row.version)));
    const newest = Math.max(0, ...done);
    if (newest > known) {
      throw new CitebotError(
        ErrorCode.StoreSchemaNewer,
        `The store at ${engine.location} is at schema version ${newest}, newer than this citebot knows (${known}). Run the newer citebot, or point this one at another store.`,
      );
    }
    const applied: number[] = [];
    for (const migration of ordered) {
      if (done.has(migration.version)) continue;
      await migration.up(trx, engine.kind);
      await trx.insertInto("schema_migrations").values({ version: migration.version, name: migration.name, applied_at: now() }).execute();
      applied.push(migration.version);
    }
    return { version: Math.max(newest, ...applied), applied };
  });
}
