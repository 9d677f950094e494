import type { HandleOptions } from "../../chat/conversation.js";
import { createLiveMessage } from "../../chat/live-message.js";
import type { Reply } from "../../chat/reply.js";
import type { Logger } from "../../logger.js";
import { bestEffort } from "./best-effort.js";
import { type SlackMessage, toSlackBlocks } from "./blocks.js";
import { deliveryBudget } from "../../chat/retry.js";
import { DEFAULT_DELIVERY_RETRY_MS, deliverReply, slackErrorCode, withSlackRetry } from "./send.js";
import { partialMessage } from "./partial-message.js";

/**
 * Least time between two writes of an answer in progress. chat.update is a Tier 3 method (50+ calls a minute per
 * app and workspace) and Slack holds message writes to about one a second per channel
 * (https://docs.slack.dev/apis/web-api/rate-limits); faster edits draw 429s that would delay the final answer.
 */
const SLACK_PARTIAL_UPDATE_INTERVAL_MS = 1_000;

/** Where an answer goes: posting there, and editing or deleting a message the bot posted there. */
export interface SlackThread {
  post(message: SlackMessage): Promise<{ ts?: string }>;
  update(ts: string, message: SlackMessage): Promise<unknown>;
  remove(ts: string): Promise<unknown>;
}

/**
 * Asks for a reply and delivers it to `thread`. While an LLM writes the answer, its text so far is posted once and
 * updated at a bounded rate; that message is then replaced by the final reply (the validated answer, the extractive
 * one, or an apology). Without partial text this is exactly `deliverReply` with `thread.post`. Rejects only if `ask` does.
 */
export async function answerInThread(
  thread: SlackThread,
  ask: (options: HandleOptions) => Promise<Reply>,
  logger: Logger,
  deliveryRetryMs: number = DEFAULT_DELIVERY_RETRY_MS,
): Promise<void> {
  const live = createLiveMessage<string>(
    {
      post: async (text) => {
        const { ts } = await thread.post(partialMessage(text));
        if (!ts) throw new Error("chat.postMessage answered without the message's ts");
        return ts;
      },
      edit: (ts, text) => thread.update(ts, partialMessage(text)),
    },
    { minIntervalMs: SLACK_PARTIAL_UPDATE_INTERVAL_MS, logger },
  );
  const reply = await ask({ onPartial: live.show }).catch(async (error: unknown) => {
    await live.close();
    throw error;
  });
  const placeholder = await live.close();
  const post = (message: SlackMessage) => thread.post(message);
  const budget = deliveryBudget(deliveryRetryMs);
  if (placeholder === undefined) return deliverReply(post, reply, {}, logger, budget);
  try {
    await withSlackRetry(() => thread.update(placeholder, toSlackBlocks(reply)), budget.answerDeadline, logger, "replacing the answer in progress");
    return;
  } catch (error) {
    logger.warn({ err: error, slackError: slackErrorCode(error) }, "could not replace the answer in progress with the final reply; posting it anew");
  }
  // The placeholder holds unchecked text, which must not stand as if it were the answer.
  await bestEffort(() => thread.remove(placeholder), logger, "could not delete the answer in progress");
  await deliverReply(post, reply, {}, logger, budget);
}
