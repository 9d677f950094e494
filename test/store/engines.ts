import { randomBytes } from "node:crypto";
import pg from "pg";
import type { StoreKind } from "../../src/store/store.js";
import type { StoreOptions } from "../../src/store/options.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import type { TestPostgres } from "../helpers/postgres-server.js";

/** Where one test's store lives: an empty SQLite folder, or an empty PostgreSQL schema. */
export interface StoreLocation {
  options: Pick<StoreOptions, "databaseUrl" | "dataDir">;
  drop(): Promise<void>;
}

/** One engine as the contract suite drives it. */
export interface EngineUnderTest {
  kind: StoreKind;
  setup(): Promise<void>;
  teardown(): Promise<void>;
  fresh(): Promise<StoreLocation>;
}

export function sqliteUnderTest(): EngineUnderTest {
  return {
    kind: "sqlite",
    setup: async () => undefined,
    teardown: async () => undefined,
    async fresh() {
      const dir = await makeTempDir("store");
      return { options: { dataDir: dir.path }, drop: dir.remove };
    },
  };
}

/**
 * Each test gets its own schema (search_path set in the URL's `options`): creating one takes milliseconds where a
 * database takes a few hundred, and nothing one test writes is seen by another.
 */
export function postgresUnderTest(server: Extract<TestPostgres, { available: true }>): EngineUnderTest {
  let url: string | undefined;
  let admin: pg.Pool | undefined;
  return {
    kind: "postgres",
    async setup() {
      url = await server.start();
      admin = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 5_000 });
      // Fails here, loudly, when the URL CI gave does not answer.
      await admin.query("select 1");
    },
    async teardown() {
      await admin?.end();
      await server.stop();
    },
    async fresh() {
      if (!url || !admin) throw new Error("postgresUnderTest: setup() has not run");
      const schema = `t_${randomBytes(6).toString("hex")}`;
      await admin.query(`create schema ${schema}`);
      const dir = await makeTempDir("store-pg");
      const withSchema = new URL(url);
      withSchema.searchParams.set("options", `-c search_path=${schema}`);
      const pool = admin;
      return {
        options: { databaseUrl: withSchema.toString(), dataDir: dir.path },
        async drop() {
          await pool.query(`drop schema ${schema} cascade`);
          await dir.remove();
        },
      };
    },
  };
}
