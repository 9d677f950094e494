import type { webApi } from "@slack/bolt";
import { LRUCache } from "lru-cache";
import type { Logger } from "../../logger.js";
import { withSlackRetry } from "./send.js";

export interface BotIdentity {
  botUserId?: string;
  botId?: string;
}

/** Threads already looked up; a thread citebot is not in can only join memory through a mention, which needs no lookup. */
const THREADS_CHECKED = 5_000;
/** conversations.replies pages (of 200 messages) read before concluding citebot is not in a thread. */
const PAGES_MAX = 5;
const LOOKUP_MS = 5_000;

/**
 * Whether citebot has a message in a thread, asked of Slack (`conversations.replies`) when the in-memory record is
 * missing, as it is after a restart; without this, a follow-up in a thread citebot answered would get silence.
 * Results are cached. A lookup that fails is logged and answered "no", so a broken lookup never makes citebot
 * answer in threads it was never part of.
 */
export function createThreadCheck(logger: Logger): (client: webApi.WebClient, channel: string, threadTs: string, bot: BotIdentity) => Promise<boolean> {
  const checked = new LRUCache<string, boolean>({ max: THREADS_CHECKED });
  return async (client, channel, threadTs, bot) => {
    const key = `${channel}:${threadTs}`;
    const known = checked.get(key);
    if (known !== undefined) return known;
    const isBot = (message: { user?: string; bot_id?: string }) => (bot.botUserId !== undefined && message.user === bot.botUserId) || (bot.botId !== undefined && message.bot_id === bot.botId);
    try {
      const deadline = Date.now() + LOOKUP_MS;
      let cursor: string | undefined;
      for (let page = 0; page < PAGES_MAX; page += 1) {
        const result = await withSlackRetry(() => client.conversations.replies({ channel, ts: threadTs, limit: 200, cursor }), deadline, logger, "reading a thread's messages");
        if ((result.messages ?? []).some(isBot)) {
          checked.set(key, true);
          logger.info({ channel, threadTs }, "found citebot's answer in a thread it had no memory of; answering the follow-up");
          return true;
        }
        cursor = result.response_metadata?.next_cursor || undefined;
        if (!result.has_more || !cursor) break;
      }
      checked.set(key, false);
      return false;
    } catch (error) {
      logger.warn({ err: error, channel, threadTs }, "could not read the thread to see whether citebot answered in it; leaving the message unanswered");
      return false;
    }
  };
}
