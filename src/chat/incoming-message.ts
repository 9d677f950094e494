export type Platform = "slack" | "discord" | "cli";

/**
 * A user's message as an adapter hands it over: the platform payload already zod-checked, and its text already
 * plain (platform markup decoded, the bot's own mention removed, anyone else's written as `@someone`).
 */
export interface IncomingMessage {
  platform: Platform;
  userId: string;
  channelId: string;
  /** Where earlier turns of this conversation live (Slack thread_ts, Discord thread/channel id, DM channel). */
  threadKey: string;
  /** What the user asked, as plain text. */
  text: string;
  isDirect: boolean;
  /** A thread's parent channel and the Discord server, when there are: a document set may be given to either. */
  parentChannelId?: string;
  guildId?: string;
}

/** How an adapter writes a mention of anyone but the bot: the conversation and the engine never see a platform's syntax. */
export const SOMEONE = "@someone";
