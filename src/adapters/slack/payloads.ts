import { z } from "zod";
import type { Logger } from "../../logger.js";

// Only the fields citebot reads; Slack sends many more, which zod's default object mode strips.

const SlackId = z.string().min(1).max(64);
// Slack timestamps double as message ids: "1700000001.000200".
const SlackTs = z.string().regex(/^\d{1,12}\.\d{1,8}$/, { message: "must be a Slack timestamp such as 1700000001.000200" });

export const AppMentionEvent = z.object({
  type: z.literal("app_mention"),
  user: SlackId.optional(),
  bot_id: z.string().optional(),
  text: z.string().default(""),
  ts: SlackTs,
  thread_ts: SlackTs.optional(),
  channel: SlackId,
  subtype: z.string().optional(),
});
export type AppMentionEvent = z.infer<typeof AppMentionEvent>;

export const MessageEvent = z.object({
  type: z.literal("message"),
  subtype: z.string().optional(),
  user: SlackId.optional(),
  bot_id: z.string().optional(),
  text: z.string().default(""),
  ts: SlackTs,
  thread_ts: SlackTs.optional(),
  channel: SlackId,
  channel_type: z.string().optional(),
});
export type MessageEvent = z.infer<typeof MessageEvent>;

export const SlashCommand = z.object({
  command: z.string().min(1),
  text: z.string().default(""),
  user_id: SlackId,
  channel_id: SlackId,
  channel_name: z.string().optional(),
  response_url: z.url(),
  trigger_id: z.string().min(1),
});
export type SlashCommand = z.infer<typeof SlashCommand>;

export const ButtonAction = z.object({
  type: z.literal("block_actions"),
  user: z.object({ id: SlackId }),
  channel: z.object({ id: SlackId }).optional(),
  container: z.object({ channel_id: SlackId.optional(), is_ephemeral: z.boolean().optional(), thread_ts: SlackTs.optional(), message_ts: SlackTs.optional() }).optional(),
  response_url: z.url().optional(),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().min(1).max(2_000) })).min(1),
});
export type ButtonAction = z.infer<typeof ButtonAction>;

/** Parses a platform payload; a malformed one is logged with its reason and yields undefined, never a throw. */
export function parsePayload<T extends z.ZodType>(schema: T, payload: unknown, what: string, logger: Logger): z.infer<T> | undefined {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const reason = result.error.issues.map((issue) => `${issue.path.join(".") || "(payload)"}: ${issue.message}`).join("; ");
  logger.warn({ what, reason }, "ignored a malformed Slack payload");
  return undefined;
}
