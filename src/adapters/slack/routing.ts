import type { AppMentionEvent, MessageEvent } from "./payloads.js";

export interface RoutingSettings {
  allowDms: boolean;
  threadFollowups: boolean;
  /** Empty means every channel. */
  allowedChannels: readonly string[];
  botUserId?: string;
  botId?: string;
  isActiveThread: (threadKey: string) => boolean;
  /** True for a channel seen to be a group DM (a message event with channel_type "mpim"); app_mention events do not say. */
  isGroupDm?: (channel: string) => boolean;
}

/** Where an answer goes and which conversation it continues. */
export interface Target {
  channel: string;
  userId: string;
  threadKey: string;
  /** Reply in this thread; undefined posts at the top of a DM. */
  replyThreadTs: string | undefined;
  isDirect: boolean;
}

export type Route =
  | { action: "answer"; target: Target }
  /** A thread not in memory (citebot restarted, or forgot it): answer only if citebot has a message in it. */
  | { action: "check_thread"; target: Target; threadTs: string }
  | { action: "refuse"; target: Target; reason: "dms_off" | "channel_not_allowed" }
  | { action: "ignore"; reason: string };

// Plain messages, files with a caption, and thread replies also sent to the channel; edits, joins, bot posts etc. are not questions.
const QUESTION_SUBTYPES = new Set([undefined, "file_share", "thread_broadcast"]);

export function isDirectChannel(channel: string): boolean {
  return channel.startsWith("D");
}

/** A direct message or a group DM (channel_type "im" or "mpim"): answered without a mention, as one conversation. */
function isDirectMessage(event: Pick<MessageEvent, "channel" | "channel_type">): boolean {
  return event.channel_type === "im" || event.channel_type === "mpim" || isDirectChannel(event.channel);
}

export function channelAllowed(channel: string, settings: Pick<RoutingSettings, "allowedChannels">): boolean {
  return settings.allowedChannels.length === 0 || settings.allowedChannels.includes(channel);
}

/** Decides what to do with an @mention. DMs are left to the message route, which Slack also calls. */
export function routeMention(event: AppMentionEvent, settings: RoutingSettings): Route {
  const sender = senderProblem(event, settings);
  if (sender) return { action: "ignore", reason: sender };
  if (isDirectChannel(event.channel) || settings.isGroupDm?.(event.channel)) return { action: "ignore", reason: "mention in a DM is answered as a DM" };
  const rootTs = event.thread_ts ?? event.ts;
  const target: Target = { channel: event.channel, userId: event.user ?? "", threadKey: `${event.channel}:${rootTs}`, replyThreadTs: rootTs, isDirect: false };
  if (!channelAllowed(event.channel, settings)) return { action: "refuse", target, reason: "channel_not_allowed" };
  return { action: "answer", target };
}

/** Decides what to do with a plain message: a DM, a follow-up in an answered thread, or channel chatter. */
export function routeMessage(event: MessageEvent, settings: RoutingSettings): Route {
  if (!QUESTION_SUBTYPES.has(event.subtype)) return { action: "ignore", reason: `message subtype ${event.subtype}` };
  const sender = senderProblem(event, settings);
  if (sender) return { action: "ignore", reason: sender };
  const userId = event.user ?? "";

  if (isDirectMessage(event)) {
    // A DM (or group DM) is one conversation; a thread inside it is its own.
    const threadKey = event.thread_ts ? `${event.channel}:${event.thread_ts}` : event.channel;
    const target: Target = { channel: event.channel, userId, threadKey, replyThreadTs: event.thread_ts, isDirect: true };
    return settings.allowDms ? { action: "answer", target } : { action: "refuse", target, reason: "dms_off" };
  }

  if (settings.botUserId && event.text.includes(`<@${settings.botUserId}`)) return { action: "ignore", reason: "mention is answered by app_mention" };
  if (!event.thread_ts) return { action: "ignore", reason: "channel message without a mention" };
  if (!settings.threadFollowups) return { action: "ignore", reason: "thread follow-ups are off" };
  if (!channelAllowed(event.channel, settings)) return { action: "ignore", reason: "channel not in SLACK_ALLOWED_CHANNELS" };
  const threadKey = `${event.channel}:${event.thread_ts}`;
  const target: Target = { channel: event.channel, userId, threadKey, replyThreadTs: event.thread_ts, isDirect: false };
  if (!settings.isActiveThread(threadKey)) return { action: "check_thread", target, threadTs: event.thread_ts };
  return { action: "answer", target };
}

function senderProblem(event: { user?: string; bot_id?: string; subtype?: string }, settings: RoutingSettings): string | undefined {
  if ((settings.botUserId && event.user === settings.botUserId) || (settings.botId && event.bot_id === settings.botId)) return "own message";
  if (event.bot_id || event.subtype === "bot_message") return "another bot's message";
  if (!event.user) return "message without a user";
  return undefined;
}
