import { SOMEONE } from "../../chat/incoming-message.js";

/**
 * Slack's encoded message text (https://docs.slack.dev/messaging/formatting-message-text) → the plain text the
 * conversation reads: the bot's own mention removed (every user mention, before the bot knows its id), anyone
 * else's written `@someone`, links as their labels, channel and broadcast tokens as readable names, entities decoded.
 */
export function slackTextToPlain(text: string, botUserId: string | undefined): string {
  return text
    .replace(/<([^<>]*)>/g, (whole, inner: string) => {
      const [target = "", label] = inner.split("|", 2);
      if (target.startsWith("@")) return botUserId === undefined || target.slice(1) === botUserId ? " " : SOMEONE;
      if (target.startsWith("#")) return `#${label ?? target.slice(1)}`;
      if (target.startsWith("!")) return `@${(label ?? target.slice(1)).replace(/^@/, "").replace(/^subteam\^/, "")}`;
      if (/^(?:https?|mailto):/.test(target)) return label ?? target;
      return whole;
    })
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}
