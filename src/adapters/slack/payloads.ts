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
  /** The message the button is on; Slack leaves it out for ephemeral messages. */
  message: z.object({ text: z.string().optional(), blocks: z.array(z.looseObject({ type: z.string() })).optional() }).optional(),
});
export type ButtonAction = z.infer<typeof ButtonAction>;

/** Parses a platform payload; a malformed one is logged with its reason and yields undefined, never a throw. */
export function parsePayload<T extends z.ZodType>(schema: T, payload: unknown, what: string, logger: Logger): z.infer<T> | undefined {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const reason = describeIssues(result.error);
  logger.warn({ what, reason }, "ignored a malformed Slack payload");
  return undefined;
}

// ── Request bodies, as they arrive at the edge (HTTP after decoding, or over the Socket Mode connection) ──
// Loose objects: Bolt reads fields citebot does not, so nothing is stripped here; the listener schemas above
// then pick out what citebot reads. What is checked is what Bolt itself dereferences before any listener runs
// (its getTypeAndConversation and buildSource): a `null` where it expects an object throws inside Bolt.

const AnyObject = z.looseObject({});
const SlackUserRef = z.union([z.string(), z.looseObject({ id: z.string().optional() })]);

export const EventCallback = z.looseObject({
  type: z.literal("event_callback"),
  event_id: z.string().min(1),
  team_id: z.string().optional(),
  enterprise_id: z.string().nullable().optional(),
  event: z.looseObject({
    type: z.string().min(1),
    channel: z.union([z.string(), AnyObject]).optional(),
    user: SlackUserRef.optional(),
    item: AnyObject.optional(),
    subteam: AnyObject.optional(),
  }),
  authorizations: z.array(z.looseObject({ team_id: z.string().nullable().optional(), enterprise_id: z.string().nullable().optional() })).optional(),
});
const UrlVerification = z.looseObject({ type: z.literal("url_verification"), challenge: z.string() });
const AppRateLimited = z.looseObject({ type: z.literal("app_rate_limited") });
const BlockActions = z.looseObject({
  type: z.literal("block_actions"),
  user: z.looseObject({ id: SlackId, team_id: z.string().optional() }),
  team: z.looseObject({ id: z.string().optional() }).nullable().optional(),
  enterprise: z.looseObject({ id: z.string().optional() }).nullable().optional(),
  channel: z.looseObject({ id: z.string().optional() }).optional(),
  response_url: z.string().optional(),
  actions: z.array(z.looseObject({ action_id: z.string().min(1), block_id: z.string().optional() })).min(1),
});
const SlashCommandBody = z.looseObject({
  command: z.string().startsWith("/", { message: 'must be a slash command such as "/ask"' }),
  channel_id: z.string().optional(),
  user_id: z.string().optional(),
  team_id: z.string().optional(),
  response_url: z.string().optional(),
});

/** The kinds of request citebot handles; anything else is refused at the edge with the reason logged. */
export type SlackRequestKind = "event_callback" | "url_verification" | "app_rate_limited" | "block_actions" | "slash_command";

const BY_TYPE: Record<string, { kind: SlackRequestKind; schema: z.ZodType }> = {
  event_callback: { kind: "event_callback", schema: EventCallback },
  url_verification: { kind: "url_verification", schema: UrlVerification },
  app_rate_limited: { kind: "app_rate_limited", schema: AppRateLimited },
  block_actions: { kind: "block_actions", schema: BlockActions },
};

export type SlackBodyCheck = { ok: true; kind: SlackRequestKind } | { ok: false; reason: string };

/** Checks a decoded request body before Bolt sees it: Bolt itself throws on some shapes (a JSON `null` body). */
export function checkSlackRequestBody(body: unknown): SlackBodyCheck {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, reason: `body must be an object, not ${body === null ? "null" : Array.isArray(body) ? "an array" : typeof body}` };
  }
  const record = body as Record<string, unknown>;
  if ("command" in record) return check(SlashCommandBody, body, "slash_command");
  const type = record.type;
  if (typeof type !== "string") return { ok: false, reason: "type: missing; not an event, a slash command or an interaction citebot handles" };
  const known = BY_TYPE[type];
  if (!known) return { ok: false, reason: `type: citebot does not handle "${type.slice(0, 40)}" requests` };
  return check(known.schema, body, known.kind);
}

function check(schema: z.ZodType, body: unknown, kind: SlackRequestKind): SlackBodyCheck {
  const result = schema.safeParse(body);
  return result.success ? { ok: true, kind } : { ok: false, reason: describeIssues(result.error) };
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "(payload)"}: ${issue.message}`).join("; ");
}

/**
 * A Socket Mode envelope, as @slack/socket-mode reads it before Bolt sees anything: it dereferences
 * `payload.event.type` on every events_api envelope, so a `null` there threw inside the library.
 */
const SocketEnvelope = z.looseObject({ type: z.string().min(1), envelope_id: z.string().optional() });
const SOCKET_PAYLOAD_TYPES = new Set(["events_api", "slash_commands", "interactive"]);
const EventsApiPayload = z.looseObject({ event: z.looseObject({ type: z.string().min(1) }) });

/** Why a Socket Mode message cannot be handed on, or undefined when it can; the envelope id, when readable, to ack it. */
export function socketEnvelopeProblem(message: unknown): { reason: string; envelopeId?: string } | undefined {
  const envelope = SocketEnvelope.safeParse(message);
  if (!envelope.success) return { reason: describeIssues(envelope.error) };
  const { type, envelope_id: envelopeId } = envelope.data;
  if (!SOCKET_PAYLOAD_TYPES.has(type)) return undefined;
  const payload = (message as { payload?: unknown }).payload;
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return { reason: "payload: must be an object", envelopeId };
  if (!envelopeId) return { reason: "envelope_id: missing" };
  if (type === "events_api") {
    const events = EventsApiPayload.safeParse(payload);
    if (!events.success) return { reason: describeIssues(events.error).replace(/^/, "payload."), envelopeId };
  }
  return undefined;
}
