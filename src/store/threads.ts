import { z } from "zod";
import { Turn } from "../engine/answer.js";
import type { StoreEngine } from "./engine.js";
import { jsonText, readRow } from "./read-row.js";

/** A conversation's turns, keyed by the platform's thread key, shared by every process. */
export interface ThreadStore {
  /** Adds a turn, then keeps only the thread's newest `turnsKept`. */
  append(threadKey: string, turn: Turn): Promise<void>;
  /** The newest `limit` turns still within retention, oldest first. */
  recent(threadKey: string, limit: number): Promise<Turn[]>;
  /** True once the bot has answered in this thread (within retention): follow-ups there need no mention. */
  isActive(threadKey: string): Promise<boolean>;
}

export interface ThreadStoreOptions {
  turnsKept: number;
  retentionMs: number;
  now: () => number;
}

const TurnRow = z
  .object({ question: z.string(), answer: z.string().nullable(), cited: jsonText(z.array(z.string())).nullable() })
  .transform((row) => Turn.parse({ question: row.question, ...(row.answer !== null ? { answer: row.answer } : {}), ...(row.cited !== null ? { cited: row.cited } : {}) }));

export function createThreadStore(engine: StoreEngine, options: ThreadStoreOptions): ThreadStore {
  const { db } = engine;
  return {
    async append(threadKey, turn) {
      const valid = Turn.parse(turn);
      await db
        .insertInto("thread_turns")
        .values({ thread_key: threadKey, question: valid.question, answer: valid.answer ?? null, cited: valid.cited ? JSON.stringify(valid.cited) : null, created_at: options.now() })
        .execute();
      // Everything at or below the (turnsKept+1)-th newest goes; with fewer turns the subquery is null and nothing does.
      await db
        .deleteFrom("thread_turns")
        .where("thread_key", "=", threadKey)
        .where("seq", "<=", (eb) => eb.selectFrom("thread_turns").select("seq").where("thread_key", "=", threadKey).orderBy("seq", "desc").limit(1).offset(options.turnsKept))
        .execute();
    },
    async recent(threadKey, limit) {
      const rows = await db
        .selectFrom("thread_turns")
        .select(["question", "answer", "cited"])
        .where("thread_key", "=", threadKey)
        .where("created_at", ">", options.now() - options.retentionMs)
        .orderBy("seq", "desc")
        .limit(limit)
        .execute();
      return rows.reverse().map((row) => readRow(TurnRow, row, "a thread turn"));
    },
    async isActive(threadKey) {
      const row = await db
        .selectFrom("thread_turns")
        .select("seq")
        .where("thread_key", "=", threadKey)
        .where("created_at", ">", options.now() - options.retentionMs)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
