import type { Answer } from "../../engine/answer.js";

/** What the experts are shown: the question, what citebot answered, its sources, and where the asker waits. */
export interface ExpertPostInput {
  question: string;
  answer: Answer;
  /** A link to the asker's thread or message (Slack permalink, Discord message URL). */
  threadUrl?: string;
}

/** https://discord.com/channels/<guild or @me>/<channel>/<message>: the link back to a Discord message. */
export function discordMessageUrl(guildId: string | undefined, channelId: string, messageId: string): string {
  return `https://discord.com/channels/${guildId ?? "@me"}/${channelId}/${messageId}`;
}
