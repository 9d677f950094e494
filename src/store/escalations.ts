import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { StoreEngine } from "./engine.js";
import { millis, readRow } from "./read-row.js";
import { Platform } from "./records.js";
import type { HashUserId } from "./user-hash.js";

/** A "Still need help?" click, as the adapter reports it; the asker's raw id is hashed before it is written. */
export const NewEscalation = z.object({
  /** The answer the button was under: one escalation per answer. */
  answerId: z.string(),
  /** The questions-log entry, when the log is on. */
  questionId: z.string().optional(),
  platform: Platform,
  /** Where the question was asked. */
  channelId: z.string(),
  userId: z.string(),
  question: z.string(),
  /** Where the expert post goes. */
  expertChannelId: z.string(),
});
export type NewEscalation = z.input<typeof NewEscalation>;

/** An expert's reply in the thread of the expert post. */
export const NewExpertReply = z.object({
  platform: Platform,
  expertChannelId: z.string(),
  /** The expert post the reply is under (Slack thread_ts, Discord message id the reply references or thread id). */
  expertMessageId: z.string(),
  userId: z.string(),
  text: z.string().min(1),
  at: z.iso.datetime().optional(),
});
export type NewExpertReply = z.input<typeof NewExpertReply>;

export const ExpertReply = z.object({ replierHash: z.string(), text: z.string(), at: z.string() });
export type ExpertReply = z.infer<typeof ExpertReply>;

export const Escalation = z.object({
  id: z.string(),
  answerId: z.string().optional(),
  questionId: z.string().optional(),
  platform: Platform,
  channelId: z.string(),
  requesterHash: z.string(),
  question: z.string(),
  expertChannelId: z.string(),
  expertMessageId: z.string().optional(),
  at: z.string(),
  /** Oldest first. */
  replies: z.array(ExpertReply),
});
export type Escalation = z.infer<typeof Escalation>;

export interface EscalationFilter {
  since?: Date;
  /** Only escalations an expert has replied to. */
  answered?: boolean;
}

/** Escalations to a person and the replies they got: the gap report's "answered by a person" candidates. */
export interface EscalationLog {
  /**
   * Records the click. `created` is false when this answer was already escalated (a double click, or the same
   * click handled by two replicas): the caller posts to the experts only when it is true.
   */
  open(entry: NewEscalation): Promise<{ escalation: Escalation; created: boolean }>;
  /** Notes the expert post's id once it is posted, so replies under it can be matched. */
  posted(escalationId: string, expertMessageId: string): Promise<void>;
  /** Records a reply under an expert post; undefined when the message is not under one (an ordinary thread). */
  recordReply(reply: NewExpertReply): Promise<Escalation | undefined>;
  list(filter?: EscalationFilter): Promise<Escalation[]>;
  get(id: string): Promise<Escalation | undefined>;
}

const EscalationRow = z.object({
  id: z.string(),
  answer_id: z.string().nullable(),
  question_id: z.string().nullable(),
  platform: Platform,
  channel_id: z.string(),
  requester_hash: z.string(),
  question: z.string(),
  expert_channel_id: z.string(),
  expert_message_id: z.string().nullable(),
  created_at: millis,
});
const ReplyRow = z.object({ escalation_id: z.string(), replier_hash: z.string(), text: z.string(), created_at: millis });

export function createEscalationLog(engine: StoreEngine, options: { hashUserId: HashUserId; now: () => number }): EscalationLog {
  const { db } = engine;

  async function withReplies(rows: unknown[]): Promise<Escalation[]> {
    const escalations = rows.map((row) => readRow(EscalationRow, row, "an escalation"));
    if (escalations.length === 0) return [];
    const replies = new Map<string, ExpertReply[]>();
    const ids = escalations.map((row) => row.id);
    for (let start = 0; start < ids.length; start += 500) {
      const found = await db.selectFrom("expert_replies").select(["escalation_id", "replier_hash", "text", "created_at"]).where("escalation_id", "in", ids.slice(start, start + 500)).orderBy("seq", "asc").execute();
      for (const raw of found) {
        const reply = readRow(ReplyRow, raw, "an expert reply");
        const list = replies.get(reply.escalation_id) ?? [];
        list.push({ replierHash: reply.replier_hash, text: reply.text, at: new Date(reply.created_at).toISOString() });
        replies.set(reply.escalation_id, list);
      }
    }
    return escalations.map((row) =>
      Escalation.parse({
        id: row.id,
        ...(row.answer_id !== null ? { answerId: row.answer_id } : {}),
        ...(row.question_id !== null ? { questionId: row.question_id } : {}),
        platform: row.platform,
        channelId: row.channel_id,
        requesterHash: row.requester_hash,
        question: row.question,
        expertChannelId: row.expert_channel_id,
        ...(row.expert_message_id !== null ? { expertMessageId: row.expert_message_id } : {}),
        at: new Date(row.created_at).toISOString(),
        replies: replies.get(row.id) ?? [],
      }),
    );
  }

  const get = async (id: string) => (await withReplies(await db.selectFrom("escalations").selectAll().where("id", "=", id).execute()))[0];

  return {
    async open(entry) {
      const valid = NewEscalation.parse(entry);
      const id = randomUUID();
      // INSERT … ON CONFLICT DO NOTHING is atomic on both engines: of two concurrent clicks, exactly one inserts.
      const inserted = await db
        .insertInto("escalations")
        .values({
          id,
          answer_id: valid.answerId,
          question_id: valid.questionId ?? null,
          platform: valid.platform,
          channel_id: valid.channelId,
          requester_hash: options.hashUserId(valid.platform, valid.userId),
          question: valid.question,
          expert_channel_id: valid.expertChannelId,
          expert_message_id: null,
          created_at: options.now(),
        })
        .onConflict((conflict) => conflict.column("answer_id").doNothing())
        .returning("id")
        .executeTakeFirst();
      const row = inserted ? { id } : await db.selectFrom("escalations").select("id").where("answer_id", "=", valid.answerId).executeTakeFirstOrThrow();
      const escalation = await get(row.id);
      if (!escalation) throw new Error(`escalation ${row.id} vanished while it was being opened`);
      return { escalation, created: inserted !== undefined };
    },
    async posted(escalationId, expertMessageId) {
      await db.updateTable("escalations").set({ expert_message_id: expertMessageId }).where("id", "=", escalationId).execute();
    },
    async recordReply(reply) {
      const valid = NewExpertReply.parse(reply);
      const row = await db
        .selectFrom("escalations")
        .select("id")
        .where("platform", "=", valid.platform)
        .where("expert_channel_id", "=", valid.expertChannelId)
        .where("expert_message_id", "=", valid.expertMessageId)
        .executeTakeFirst();
      if (!row) return undefined;
      await db
        .insertInto("expert_replies")
        .values({ escalation_id: row.id, replier_hash: options.hashUserId(valid.platform, valid.userId), text: valid.text, created_at: valid.at ? Date.parse(valid.at) : options.now() })
        .execute();
      return get(row.id);
    },
    async list(filter = {}) {
      const rows = await db
        .selectFrom("escalations")
        .selectAll()
        .$if(filter.since !== undefined, (query) => query.where("created_at", ">=", filter.since!.getTime()))
        .$if(filter.answered !== undefined, (query) =>
          query.where((eb) => {
            const replied = eb.exists(eb.selectFrom("expert_replies").select("expert_replies.seq").whereRef("expert_replies.escalation_id", "=", "escalations.id"));
            return filter.answered ? replied : eb.not(replied);
          }),
        )
        .orderBy("created_at", "asc")
        .orderBy("id", "asc")
        .execute();
      return withReplies(rows);
    },
    get,
  };
}
