import crypto from "node:crypto";
import { FAKE_BOT_USER, FAKE_TEAM } from "./slack.js";

// Builders for what Slack sends an app, signed the way Slack signs them (X-Slack-Signature v0).

export interface SignOptions {
  secret: string;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
}

export interface PostResult {
  status: number;
  body: string;
}

/** POSTs a body to Bolt exactly as Slack would: raw body, content type, timestamp and HMAC signature. */
export async function signedPost(url: string, body: string, contentType: string, options: SignOptions): Promise<PostResult> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = `v0=${crypto.createHmac("sha256", options.secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  const response = await fetch(url, {
    method: "POST",
    body,
    headers: { "content-type": contentType, "x-slack-request-timestamp": String(timestamp), "x-slack-signature": signature },
  });
  return { status: response.status, body: await response.text() };
}

let eventCounter = 0;

/** An Events API envelope around one event. */
export function eventEnvelope(event: Record<string, unknown>): Record<string, unknown> {
  eventCounter += 1;
  return {
    token: "legacy",
    team_id: FAKE_TEAM,
    api_app_id: "A0000001",
    type: "event_callback",
    event_id: `Ev${String(eventCounter).padStart(8, "0")}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: FAKE_TEAM, user_id: FAKE_BOT_USER, is_bot: true, is_enterprise_install: false }],
    event,
  };
}

let tsCounter = 0;

/** A fresh, increasing Slack message timestamp. */
export function nextTs(): string {
  tsCounter += 1;
  return `1700001${String(tsCounter).padStart(3, "0")}.000${String(tsCounter).padStart(3, "0")}`;
}

export function mentionEvent(fields: { text: string; channel?: string; user?: string; ts?: string; thread_ts?: string; bot_id?: string }): Record<string, unknown> {
  const ts = fields.ts ?? nextTs();
  return { type: "app_mention", user: "U_HUMAN", channel: "C0000001", event_ts: ts, ...fields, ts };
}

export function messageEvent(fields: Record<string, unknown> & { text: string }): Record<string, unknown> {
  const ts = typeof fields.ts === "string" ? fields.ts : nextTs();
  return { type: "message", user: "U_HUMAN", channel: "C0000001", channel_type: "channel", event_ts: ts, ...fields, ts };
}

/** The form body of a slash command. */
export function commandForm(fields: { command: string; text: string; responseUrl: string; channel?: string; channelName?: string; user?: string }): string {
  return new URLSearchParams({
    token: "legacy",
    team_id: FAKE_TEAM,
    team_domain: "fake",
    channel_id: fields.channel ?? "C0000001",
    channel_name: fields.channelName ?? "general",
    user_id: fields.user ?? "U_HUMAN",
    user_name: "human",
    command: fields.command,
    text: fields.text,
    api_app_id: "A0000001",
    is_enterprise_install: "false",
    response_url: fields.responseUrl,
    trigger_id: `trigger.${++eventCounter}`,
  }).toString();
}

/** The form body of a button click (`block_actions`). */
export function buttonClickForm(fields: { actionId: string; value: string; responseUrl: string; channel?: string; user?: string; ephemeral?: boolean }): string {
  const channel = fields.channel ?? "C0000001";
  const payload = {
    type: "block_actions",
    user: { id: fields.user ?? "U_CLICKER", username: "clicker", name: "clicker", team_id: FAKE_TEAM },
    api_app_id: "A0000001",
    token: "legacy",
    container: { type: "message", message_ts: "1700000010.000100", channel_id: channel, is_ephemeral: fields.ephemeral ?? false },
    trigger_id: `trigger.${++eventCounter}`,
    team: { id: FAKE_TEAM, domain: "fake" },
    channel: { id: channel, name: "general" },
    response_url: fields.responseUrl,
    actions: [{ type: "button", block_id: "citebot_controls", action_id: fields.actionId, value: fields.value, text: { type: "plain_text", text: "x" }, action_ts: "1700000011.000000" }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
