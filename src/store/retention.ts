import type { StoreEngine } from "./engine.js";

/** Finished jobs are kept this long for inspection; their payloads hold reply URLs and tokens long expired by then. */
export const FINISHED_JOB_RETENTION_MS = 24 * 60 * 60 * 1_000;

export interface RetentionOptions {
  threadRetentionMs: number;
  answerRetentionMs: number;
  /** The questions log, escalations and their expert replies. */
  questionRetentionMs: number;
  now: () => number;
}

/** Rows each table lost to retention. Feedback is kept: it is the team's record of what helped. */
export interface PruneReport {
  threadTurns: number;
  answers: number;
  handledEvents: number;
  rateLimits: number;
  jobs: number;
  questions: number;
  escalations: number;
  expertReplies: number;
}

/** Deletes what retention says is gone. Safe in any process at any time; the wiring runs it every few minutes. */
export async function pruneExpired(engine: StoreEngine, options: RetentionOptions): Promise<PruneReport> {
  const { db } = engine;
  const now = options.now();
  const count = (result: { numDeletedRows: bigint }) => Number(result.numDeletedRows);
  return {
    threadTurns: count(await db.deleteFrom("thread_turns").where("created_at", "<=", now - options.threadRetentionMs).executeTakeFirst()),
    answers: count(await db.deleteFrom("answers").where("created_at", "<=", now - options.answerRetentionMs).executeTakeFirst()),
    handledEvents: count(await db.deleteFrom("handled_events").where("expires_at", "<=", now).executeTakeFirst()),
    // rate-limiter-flexible treats an expired row as a fresh window, so deleting it changes nothing but the size.
    rateLimits: count(await db.deleteFrom("rate_limits").where("expire", "<=", now).executeTakeFirst()),
    jobs: count(await db.deleteFrom("jobs").where("finished_at", "<=", now - FINISHED_JOB_RETENTION_MS).executeTakeFirst()),
    questions: count(await db.deleteFrom("questions").where("created_at", "<=", now - options.questionRetentionMs).executeTakeFirst()),
    escalations: count(await db.deleteFrom("escalations").where("created_at", "<=", now - options.questionRetentionMs).executeTakeFirst()),
    // A reply goes with its escalation, however recent the reply.
    expertReplies: count(
      await db
        .deleteFrom("expert_replies")
        .where((eb) => eb.or([eb("created_at", "<=", now - options.questionRetentionMs), eb.not(eb.exists(eb.selectFrom("escalations").select("escalations.id").whereRef("escalations.id", "=", "expert_replies.escalation_id")))]))
        .executeTakeFirst(),
    ),
  };
}
