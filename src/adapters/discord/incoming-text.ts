import { SOMEONE } from "../../chat/incoming-message.js";

/** `<@123>` and `<@!123>` (users), `<@&123>` (roles), `<#123>` (channels): https://discord.com/developers/docs/reference#message-formatting */
const USER_MENTION = /<@!?(\d+)>/g;
const ROLE_MENTION = /<@&\d+>/g;
const CHANNEL_MENTION = /<#(\d+)>/g;

/**
 * A Discord message's content → the plain text the conversation reads: the bot's own mention removed, anyone
 * else's (a user or a role) written `@someone`, a channel as `#name` when `channelName` knows it, else dropped.
 */
export function discordTextToPlain(content: string, botUserId: string, channelName: (id: string) => string | undefined = () => undefined): string {
  return content
    .replace(USER_MENTION, (_whole, id: string) => (id === botUserId ? " " : SOMEONE))
    .replace(ROLE_MENTION, SOMEONE)
    .replace(CHANNEL_MENTION, (_whole, id: string) => {
      const name = channelName(id);
      return name ? `#${name}` : " ";
    })
    .replace(/\s+/g, " ")
    .trim();
}

/** True when the content mentions `userId` (typed, not implied by a reply). */
export function mentionsUser(content: string, userId: string): boolean {
  for (const match of content.matchAll(USER_MENTION)) {
    if (match[1] === userId) return true;
  }
  return false;
}
