import type { Kysely } from "kysely";
import type { StoreKind } from "../store-kind.js";
import type { Migration } from "./migration.js";

export const knowledge: Migration = {
  version: 2,
  name: "questions log, escalations and expert replies",
  async up(db: Kysely<any>, kind: StoreKind) {
    await db.schema
      .createTable("questions")
      .addColumn("id", "text", (col) => col.primaryKey())
      .addColumn("answer_id", "text")
      .addColumn("platform", "text", (col) => col.notNull())
      .addColumn("channel_id", "text", (col) => col.notNull())
      .addColumn("user_hash", "text", (col) => col.notNull())
      .addColumn("question", "text", (col) => col.notNull())
      .addColumn("understood_as", "text")
      .addColumn("grounded", "integer", (col) => col.notNull())
      .addColumn("refusal", "text")
      .addColumn("cited", "text", (col) => col.notNull())
      .addColumn("top_score", "double precision")
      .addColumn("latency_ms", "integer", (col) => col.notNull())
      .addColumn("generation", "text")
      .addColumn("document_set", "text")
      .addColumn("created_at", "bigint", (col) => col.notNull())
      .execute();
    await db.schema.createIndex("questions_by_time").on("questions").column("created_at").execute();
    await db.schema.createIndex("questions_by_answer").on("questions").column("answer_id").execute();

    await db.schema
      .createTable("escalations")
      .addColumn("id", "text", (col) => col.primaryKey())
      // One escalation per answer: a double click, or the same click on two replicas, posts once.
      .addColumn("answer_id", "text", (col) => col.unique())
      .addColumn("question_id", "text")
      .addColumn("platform", "text", (col) => col.notNull())
      .addColumn("channel_id", "text", (col) => col.notNull())
      .addColumn("requester_hash", "text", (col) => col.notNull())
      .addColumn("question", "text", (col) => col.notNull())
      .addColumn("expert_channel_id", "text", (col) => col.notNull())
      .addColumn("expert_message_id", "text")
      .addColumn("created_at", "bigint", (col) => col.notNull())
      .execute();
    await db.schema.createIndex("escalations_by_time").on("escalations").column("created_at").execute();
    await db.schema.createIndex("escalations_by_post").on("escalations").columns(["platform", "expert_channel_id", "expert_message_id"]).execute();

    // Replies list in the order they were recorded, even within one millisecond: a sequence, as thread_turns has.
    await db.schema
      .createTable("expert_replies")
      .$call((table) =>
        kind === "sqlite"
          ? table.addColumn("seq", "integer", (col) => col.primaryKey().autoIncrement())
          : table.addColumn("seq", "bigint", (col) => col.primaryKey().generatedByDefaultAsIdentity()),
      )
      .addColumn("escalation_id", "text", (col) => col.notNull())
      .addColumn("replier_hash", "text", (col) => col.notNull())
      .addColumn("text", "text", (col) => col.notNull())
      .addColumn("created_at", "bigint", (col) => col.notNull())
      .execute();
    await db.schema.createIndex("expert_replies_by_escalation").on("expert_replies").columns(["escalation_id", "seq"]).execute();
  },
};
