import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { StoreEngine } from "./engine.js";
import { jsonText, millis, readRow } from "./read-row.js";
import { Platform } from "./records.js";
import type { HashUserId } from "./user-hash.js";

/** A section an answer cited, with a hash of its text as it was then: a later ingest that changes it is noticed. */
export const CitedSection = z.object({
  chunkId: z.string(),
  source: z.string(),
  title: z.string(),
  section: z.string(),
  /** Undefined when the section was no longer in the index the log looked it up in (an ingest in between). */
  contentHash: z.string().optional(),
});
export type CitedSection = z.infer<typeof CitedSection>;

/** One question as the conversation saw it; the raw user id is hashed before it is written. */
export const NewQuestion = z.object({
  /** The conversation's answer id (what 👍/👎 and "Still need help?" carry), when the reply had one. */
  answerId: z.string().optional(),
  platform: Platform,
  channelId: z.string(),
  userId: z.string(),
  /** As asked, after mention stripping. */
  question: z.string(),
  /** As the engine understood it (a follow-up folded into its thread, typos fixed). */
  understoodAs: z.string().optional(),
  grounded: z.boolean(),
  /** Why it was refused, when the engine said. */
  refusal: z.string().optional(),
  cited: z.array(CitedSection),
  /** The best cited passage's retrieval score: low on a grounded answer means weakly supported. */
  topScore: z.number().optional(),
  latencyMs: z.number().nonnegative(),
  /** The index generation that answered. */
  generation: z.string().optional(),
  /** The document set of the place it was asked in (per-channel document sets). */
  documentSet: z.string().optional(),
  at: z.iso.datetime().optional(),
});
export type NewQuestion = z.input<typeof NewQuestion>;

export const LoggedQuestion = z.object({
  id: z.string(),
  answerId: z.string().optional(),
  platform: Platform,
  channelId: z.string(),
  userHash: z.string(),
  question: z.string(),
  understoodAs: z.string().optional(),
  grounded: z.boolean(),
  refusal: z.string().optional(),
  cited: z.array(CitedSection),
  topScore: z.number().optional(),
  latencyMs: z.number(),
  generation: z.string().optional(),
  documentSet: z.string().optional(),
  at: z.string(),
});
export type LoggedQuestion = z.infer<typeof LoggedQuestion>;

export interface QuestionFilter {
  /** Only questions asked at or after this time. */
  since?: Date;
  platform?: Platform;
  grounded?: boolean;
  /** Only the questions behind these answers. */
  answerIds?: readonly string[];
  /** The newest this many (still listed oldest first). */
  limit?: number;
}

/** The questions log: what was asked, how it was answered, from which sections. Pruned by its own retention. */
export interface QuestionLog {
  record(entry: NewQuestion): Promise<LoggedQuestion>;
  /** Oldest first. */
  list(filter?: QuestionFilter): Promise<LoggedQuestion[]>;
  get(id: string): Promise<LoggedQuestion | undefined>;
}

const QuestionRow = z
  .object({
    id: z.string(),
    answer_id: z.string().nullable(),
    platform: Platform,
    channel_id: z.string(),
    user_hash: z.string(),
    question: z.string(),
    understood_as: z.string().nullable(),
    grounded: z.coerce.number(),
    refusal: z.string().nullable(),
    cited: jsonText(z.array(CitedSection)),
    top_score: z.coerce.number().nullable(),
    latency_ms: z.coerce.number(),
    generation: z.string().nullable(),
    document_set: z.string().nullable(),
    created_at: millis,
  })
  .transform((row) =>
    LoggedQuestion.parse({
      id: row.id,
      ...(row.answer_id !== null ? { answerId: row.answer_id } : {}),
      platform: row.platform,
      channelId: row.channel_id,
      userHash: row.user_hash,
      question: row.question,
      ...(row.understood_as !== null ? { understoodAs: row.understood_as } : {}),
      grounded: row.grounded === 1,
      ...(row.refusal !== null ? { refusal: row.refusal } : {}),
      cited: row.cited,
      ...(row.top_score !== null ? { topScore: row.top_score } : {}),
      latencyMs: row.latency_ms,
      ...(row.generation !== null ? { generation: row.generation } : {}),
      ...(row.document_set !== null ? { documentSet: row.document_set } : {}),
      at: new Date(row.created_at).toISOString(),
    }),
  );

/** IN lists are chunked: SQLite allows 32,766 bound parameters, PostgreSQL 65,535; both are far above this. */
const IN_CHUNK = 500;

export function createQuestionLog(engine: StoreEngine, options: { hashUserId: HashUserId; now: () => number }): QuestionLog {
  const { db } = engine;
  const read = (row: unknown) => readRow(QuestionRow, row, "a logged question");
  /** The newest matching rows (up to the limit), oldest first. */
  const select = async (filter: QuestionFilter, answerIds?: string[]) => {
    const rows = await db
      .selectFrom("questions")
      .selectAll()
      .$if(filter.since !== undefined, (query) => query.where("created_at", ">=", filter.since!.getTime()))
      .$if(filter.platform !== undefined, (query) => query.where("platform", "=", filter.platform!))
      .$if(filter.grounded !== undefined, (query) => query.where("grounded", "=", filter.grounded ? 1 : 0))
      .$if(answerIds !== undefined, (query) => query.where("answer_id", "in", answerIds!))
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .$if(filter.limit !== undefined, (query) => query.limit(filter.limit!))
      .execute();
    return rows.reverse();
  };
  return {
    async record(entry) {
      const valid = NewQuestion.parse(entry);
      const row = {
        id: randomUUID(),
        answer_id: valid.answerId ?? null,
        platform: valid.platform,
        channel_id: valid.channelId,
        user_hash: options.hashUserId(valid.platform, valid.userId),
        question: valid.question,
        understood_as: valid.understoodAs ?? null,
        grounded: valid.grounded ? 1 : 0,
        refusal: valid.refusal ?? null,
        cited: JSON.stringify(valid.cited),
        top_score: valid.topScore ?? null,
        latency_ms: Math.round(valid.latencyMs),
        generation: valid.generation ?? null,
        document_set: valid.documentSet ?? null,
        created_at: valid.at ? Date.parse(valid.at) : options.now(),
      };
      await db.insertInto("questions").values(row).execute();
      return read(row);
    },
    async list(filter = {}) {
      if (!filter.answerIds) return (await select(filter)).map(read);
      const ids = [...new Set(filter.answerIds)];
      const rows = [];
      for (let start = 0; start < ids.length; start += IN_CHUNK) rows.push(...(await select(filter, ids.slice(start, start + IN_CHUNK))));
      const found = rows.map(read).sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
      return filter.limit !== undefined ? found.slice(-filter.limit) : found;
    },
    async get(id) {
      const row = await db.selectFrom("questions").selectAll().where("id", "=", id).executeTakeFirst();
      return row ? read(row) : undefined;
    },
  };
}
