import type { IncomingDiscordMessage } from "./payloads.js";

export interface RoutingSettings {
  botUserId: string;
  /** DISCORD_ALLOWED_CHANNELS; empty means every channel. A thread counts as its parent channel. */
  allowedChannels: readonly string[];
  allowDms: boolean;
  threadFollowups: boolean;
  replyInThread: boolean;
}

export interface RoutingState {
  isActiveThread(threadKey: string): boolean;
  /** The conversation a bot message or a bot-started thread belongs to. */
  conversationOf(messageOrThreadId: string): string | undefined;
}

export type Route =
  | { action: "ignore"; reason: "bot" | "not_addressed" | "empty_follow_up" }
  | { action: "refuse"; reason: "dms_disabled" | "channel_not_allowed" }
  /**
   * `new_thread`: answer in a thread started off the question; `threadKey` is the conversation the
   * thread is then mapped to (see RoutingState.conversationOf), and where a refused thread falls back to.
   */
  | { action: "answer"; delivery: "dm" | "reply" | "new_thread"; threadKey: string }
  /** A thread not in memory (citebot restarted, or forgot it) and not started by citebot: answer only if citebot has a message in it. */
  | { action: "check_thread"; threadKey: string };

/** Decides what, if anything, the bot does with a message: pure, so every rule is tested without Discord. */
export function routeMessage(message: IncomingDiscordMessage, settings: RoutingSettings, state: RoutingState): Route {
  if (message.authorIsBot || message.authorId === settings.botUserId || message.webhookId !== null || message.system) {
    return { action: "ignore", reason: "bot" };
  }
  if (message.channelKind === "dm") {
    return settings.allowDms ? { action: "answer", delivery: "dm", threadKey: message.channelId } : { action: "refuse", reason: "dms_disabled" };
  }
  const allowed = channelAllowed(settings.allowedChannels, message.channelId, message.parentId);
  if (message.mentionsBot) {
    if (!allowed) return { action: "refuse", reason: "channel_not_allowed" };
    if (message.channelKind === "thread") {
      return { action: "answer", delivery: "reply", threadKey: state.conversationOf(message.channelId) ?? message.channelId };
    }
    return { action: "answer", delivery: settings.replyInThread ? "new_thread" : "reply", threadKey: `${message.channelId}:${message.id}` };
  }
  if (!settings.threadFollowups || !allowed) return { action: "ignore", reason: "not_addressed" };
  // Without the Message Content intent a follow-up arrives empty; a sticker or image alone is not a question either.
  const empty = message.content.trim() === "";
  if (message.channelKind === "thread") {
    const threadKey = state.conversationOf(message.channelId) ?? message.channelId;
    const ours = state.isActiveThread(threadKey) || message.threadOwnerId === settings.botUserId;
    if (empty) return ours ? { action: "ignore", reason: "empty_follow_up" } : { action: "ignore", reason: "not_addressed" };
    return ours ? { action: "answer", delivery: "reply", threadKey } : { action: "check_thread", threadKey };
  }
  if (!message.referencedMessageId) return { action: "ignore", reason: "not_addressed" };
  const known = state.conversationOf(message.referencedMessageId);
  // A reply to one of the bot's messages is a follow-up even when the bot no longer remembers that message.
  const threadKey = known !== undefined && state.isActiveThread(known) ? known : message.referencedAuthorId === settings.botUserId ? (known ?? `${message.channelId}:${message.referencedMessageId}`) : undefined;
  if (threadKey === undefined) return { action: "ignore", reason: "not_addressed" };
  if (empty) return { action: "ignore", reason: "empty_follow_up" };
  return { action: "answer", delivery: "reply", threadKey };
}

export function channelAllowed(allowed: readonly string[], channelId: string, parentId: string | null): boolean {
  return allowed.length === 0 || allowed.includes(channelId) || (parentId !== null && allowed.includes(parentId));
}
