import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { StoreKind } from "../store-kind.js";
import type { Migration } from "./migration.js";

export const USER_HASH_KEY = "user_hash_key";

export const initial: Migration = {
  version: 1,
  name: "threads, answers, feedback, handled events, rate limits, jobs",
  async up(db: Kysely<any>, kind: StoreKind) {
    await db.schema
      .createTable("store_meta")
      .addColumn("key", "text", (col) => col.primaryKey())
      .addColumn("value", "text", (col) => col.notNull())
      .addColumn("updated_at", "bigint", (col) => col.notNull())
      .execute();
    // One random key per store, shared by every replica: the same user hashes alike everywhere, and a hash cannot
    // be reversed by hashing every user id of a workspace without the key.
    await db
      .insertInto("store_meta")
      .values({ key: USER_HASH_KEY, value: randomBytes(32).toString("hex"), updated_at: Date.now() })
      .execute();

    // SQLite only makes a rowid alias of exactly `integer primary key`; PostgreSQL wants an identity column.
    await db.schema
      .createTable("thread_turns")
      .$call((table) =>
        kind === "sqlite"
          ? table.addColumn("seq", "integer", (col) => col.primaryKey().autoIncrement())
          : table.addColumn("seq", "bigint", (col) => col.primaryKey().generatedByDefaultAsIdentity()),
      )
      .addColumn("thread_key", "text", (col) => col.notNull())
      .addColumn("question", "text", (col) => col.notNull())
      .addColumn("answer", "text")
      .addColumn("cited", "text")
      .addColumn("created_at", "bigint", (col) => col.notNull())
      .execute();
    await db.schema.createIndex("thread_turns_by_thread").on("thread_turns").columns(["thread_key", "seq"]).execute();
    await db.schema.createIndex("thread_turns_by_age").on("thread_turns").column("created_at").execute();

    await db.schema
      .createTable("answers")
      .addColumn("answer_id", "text", (col) => col.primaryKey())
      .addColumn("platform", "text", (col) => col.notNull())
      .addColumn("channel_id", "text", (col) => col.notNull())
      .addColumn("thread_key", "text", (col) => col.notNull())
      .addColumn("answer", "text", (col) => col.notNull())
      .addColumn("context", "text", (col) => col.notNull())
      .addColumn("created_at", "bigint", (col) => col.notNull())
      .execute();
    await db.schema.createIndex("answers_by_age").on("answers").column("created_at").execute();

    await db.schema
      .createTable("feedback")
      .addColumn("id", "text", (col) => col.primaryKey())
      .addColumn("answer_id", "text", (col) => col.notNull())
      .addColumn("platform", "text", (col) => col.notNull())
      .addColumn("verdict", "text", (col) => col.notNull())
      .addColumn("question", "text", (col) => col.notNull())
      .addColumn("answer", "text", (col) => col.notNull())
      .addColumn("citations", "text", (col) => col.notNull())
      .addColumn("user_hash", "text", (col) => col.notNull())
      .addColumn("channel_id", "text", (col) => col.notNull())
      .addColumn("restored", "integer", (col) => col.notNull().defaultTo(0))
      .addColumn("created_at", "bigint", (col) => col.notNull())
      .execute();
    await db.schema.createIndex("feedback_by_time").on("feedback").column("created_at").execute();
    await db.schema.createIndex("feedback_by_answer").on("feedback").column("answer_id").execute();

    await db.schema
      .createTable("handled_events")
      .addColumn("event_key", "text", (col) => col.primaryKey())
      .addColumn("claimed_at", "bigint", (col) => col.notNull())
      .addColumn("expires_at", "bigint", (col) => col.notNull())
      .execute();
    await db.schema.createIndex("handled_events_by_expiry").on("handled_events").column("expires_at").execute();

    // Column order matters: rate-limiter-flexible's PostgreSQL upsert inserts positional VALUES (key, points, expire).
    await db.schema
      .createTable("rate_limits")
      .addColumn("key", kind === "postgres" ? "varchar(255)" : "text", (col) => col.primaryKey())
      .addColumn("points", "integer", (col) => col.notNull().defaultTo(0))
      .addColumn("expire", "bigint")
      .execute();
    await db.schema.createIndex("rate_limits_by_expiry").on("rate_limits").column("expire").execute();

    await db.schema
      .createTable("jobs")
      .addColumn("id", "text", (col) => col.primaryKey())
      .addColumn("kind", "text", (col) => col.notNull())
      .addColumn("payload", "text", (col) => col.notNull())
      .addColumn("state", "text", (col) => col.notNull())
      .addColumn("attempts", "integer", (col) => col.notNull().defaultTo(0))
      .addColumn("max_attempts", "integer", (col) => col.notNull())
      .addColumn("run_after", "bigint", (col) => col.notNull())
      .addColumn("deliver_by", "bigint")
      .addColumn("lease_token", "text")
      .addColumn("lease_owner", "text")
      .addColumn("lease_until", "bigint")
      .addColumn("delivery_state", "text", (col) => col.notNull().defaultTo("none"))
      .addColumn("delivery_handle", "text")
      .addColumn("delivery_started_at", "bigint")
      .addColumn("delivered_at", "bigint")
      .addColumn("last_error", "text")
      .addColumn("created_at", "bigint", (col) => col.notNull())
      .addColumn("updated_at", "bigint", (col) => col.notNull())
      .addColumn("finished_at", "bigint")
      .execute();
    await db.schema.createIndex("jobs_ready").on("jobs").columns(["state", "run_after", "created_at"]).execute();
    await db.schema.createIndex("jobs_by_lease").on("jobs").columns(["state", "lease_until"]).execute();
    await db.schema.createIndex("jobs_finished").on("jobs").column("finished_at").execute();
  },
};
