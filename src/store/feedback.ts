import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { StoreEngine } from "./engine.js";
import { jsonText, millis, readRow } from "./read-row.js";
import { Platform } from "./records.js";
import type { HashUserId } from "./user-hash.js";

export const Verdict = z.enum(["up", "down"]);
export const FeedbackCitation = z.object({ id: z.number(), title: z.string(), section: z.string(), url: z.string() });

/** A 👍/👎 as an adapter reports it: the raw user id is hashed before it is written. */
export const NewFeedback = z.object({
  answerId: z.string(),
  platform: Platform,
  verdict: Verdict,
  question: z.string(),
  answer: z.string(),
  citations: z.array(FeedbackCitation),
  userId: z.string(),
  channelId: z.string(),
  /** The answer was rebuilt from the button and its message (it had left memory): question and sources may be clipped. */
  restored: z.boolean().optional(),
  /** When the click happened; now if absent. */
  at: z.iso.datetime().optional(),
});
export type NewFeedback = z.input<typeof NewFeedback>;

/** A stored 👍/👎, as `npm run feedback` and the gap report read it. */
export const StoredFeedback = z.object({
  id: z.string(),
  answerId: z.string(),
  platform: Platform,
  verdict: Verdict,
  question: z.string(),
  answer: z.string(),
  citations: z.array(FeedbackCitation),
  userHash: z.string(),
  channelId: z.string(),
  restored: z.boolean(),
  at: z.string(),
});
export type StoredFeedback = z.infer<typeof StoredFeedback>;

export interface FeedbackFilter {
  /** Only feedback at or after this time. */
  since?: Date;
  platform?: Platform;
}

export interface FeedbackLog {
  record(entry: NewFeedback): Promise<StoredFeedback>;
  /** Oldest first. */
  list(filter?: FeedbackFilter): Promise<StoredFeedback[]>;
}

const FeedbackRow = z
  .object({
    id: z.string(),
    answer_id: z.string(),
    platform: Platform,
    verdict: Verdict,
    question: z.string(),
    answer: z.string(),
    citations: jsonText(z.array(FeedbackCitation)),
    user_hash: z.string(),
    channel_id: z.string(),
    restored: z.coerce.number(),
    created_at: millis,
  })
  .transform((row) =>
    StoredFeedback.parse({
      id: row.id,
      answerId: row.answer_id,
      platform: row.platform,
      verdict: row.verdict,
      question: row.question,
      answer: row.answer,
      citations: row.citations,
      userHash: row.user_hash,
      channelId: row.channel_id,
      restored: row.restored === 1,
      at: new Date(row.created_at).toISOString(),
    }),
  );

/** The row a feedback entry becomes; `id` is the caller's so an import can make it deterministic. */
export function feedbackRow(id: string, entry: NewFeedback, hashUserId: HashUserId, now: () => number) {
  const valid = NewFeedback.parse(entry);
  return {
    id,
    answer_id: valid.answerId,
    platform: valid.platform,
    verdict: valid.verdict,
    question: valid.question,
    answer: valid.answer,
    citations: JSON.stringify(valid.citations),
    user_hash: hashUserId(valid.platform, valid.userId),
    channel_id: valid.channelId,
    restored: valid.restored ? 1 : 0,
    created_at: valid.at ? Date.parse(valid.at) : now(),
  };
}

export function createFeedbackLog(engine: StoreEngine, options: { hashUserId: HashUserId; now: () => number }): FeedbackLog {
  const { db } = engine;
  return {
    async record(entry) {
      const row = feedbackRow(randomUUID(), entry, options.hashUserId, options.now);
      await db.insertInto("feedback").values(row).execute();
      return readRow(FeedbackRow, row, "a feedback record");
    },
    async list(filter = {}) {
      const rows = await db
        .selectFrom("feedback")
        .selectAll()
        .$if(filter.since !== undefined, (query) => query.where("created_at", ">=", filter.since!.getTime()))
        .$if(filter.platform !== undefined, (query) => query.where("platform", "=", filter.platform!))
        .orderBy("created_at", "asc")
        .orderBy("id", "asc")
        .execute();
      return rows.map((row) => readRow(FeedbackRow, row, "a feedback record"));
    },
  };
}
