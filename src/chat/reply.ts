import type { Answer } from "../engine/answer.js";

export type Platform = "slack" | "discord" | "cli";

/** A user's message as an adapter hands it over, after zod-validating the platform payload. */
export interface IncomingMessage {
  platform: Platform;
  userId: string;
  channelId: string;
  /** Where earlier turns of this conversation live (Slack thread_ts, Discord thread/channel id, DM channel). */
  threadKey: string;
  /** Raw text as the platform delivered it; the conversation strips the bot mention itself. */
  text: string;
  /** The bot's own user id on that platform, for mention stripping. */
  botUserId?: string;
  isDirect: boolean;
}

export type NoticeReason = "empty" | "too_long" | "rate_limited" | "usage" | "help" | "not_allowed" | "restarting";

/** Everything `Conversation.handle` can produce; adapters turn each into a visible message. */
export type Reply =
  /** `answerId` keys the answer for feedback buttons (`Conversation.recall`). */
  | { kind: "answer"; answer: Answer; answerId: string }
  | { kind: "notice"; reason: NoticeReason; text: string }
  | { kind: "error"; referenceId: string; text: string };
