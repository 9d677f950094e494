import { z } from "zod";
import { Answer } from "../engine/answer.js";
import type { StoreEngine } from "./engine.js";
import { jsonText, readRow } from "./read-row.js";
import { AnswerContext } from "./records.js";

/** An answer behind buttons, and the message it answered. */
export interface RecalledAnswer {
  answer: Answer;
  message: AnswerContext;
}

/** Answers that carry 👍/👎 and "Post to channel", so a click works after a restart and on another replica. */
export interface AnswerStore {
  /** Saving the same id again replaces it (a retried save is harmless). */
  save(answerId: string, answer: Answer, message: AnswerContext): Promise<void>;
  /** Undefined once the answer is older than the retention, or was never saved. */
  recall(answerId: string): Promise<RecalledAnswer | undefined>;
}

export interface AnswerStoreOptions {
  retentionMs: number;
  now: () => number;
}

const AnswerRow = z.object({ answer: jsonText(Answer), context: jsonText(AnswerContext) }).transform((row) => ({ answer: row.answer, message: row.context }));

export function createAnswerStore(engine: StoreEngine, options: AnswerStoreOptions): AnswerStore {
  const { db } = engine;
  return {
    async save(answerId, answer, message) {
      const row = {
        answer_id: answerId,
        platform: message.platform,
        channel_id: message.channelId,
        thread_key: message.threadKey,
        answer: JSON.stringify(Answer.parse(answer)),
        context: JSON.stringify(AnswerContext.parse(message)),
        created_at: options.now(),
      };
      await db
        .insertInto("answers")
        .values(row)
        .onConflict((conflict) => conflict.column("answer_id").doUpdateSet({ answer: row.answer, context: row.context, created_at: row.created_at }))
        .execute();
    },
    async recall(answerId) {
      const row = await db
        .selectFrom("answers")
        .select(["answer", "context"])
        .where("answer_id", "=", answerId)
        .where("created_at", ">", options.now() - options.retentionMs)
        .executeTakeFirst();
      return row ? readRow(AnswerRow, row, `the answer ${answerId}`) : undefined;
    },
  };
}
