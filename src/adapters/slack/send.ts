import type { Reply } from "../../chat/reply.js";
import { newReferenceId } from "../../chat/reference-id.js";
import { type DeliveryBudget, defaultBackoff, deliveryBudget, retryTransient } from "../../chat/retry.js";
import { asCitebotError } from "../../errors.js";
import type { Logger } from "../../logger.js";
import { type BlockOptions, type SlackMessage, textMessage, toSlackBlocks } from "./blocks.js";
import { classifySlackError } from "./transient.js";

export type Send = (message: SlackMessage) => Promise<unknown>;

/** DELIVERY_RETRY_MS's default: how long one reply may keep retrying through an outage. */
export const DEFAULT_DELIVERY_RETRY_MS = 30_000;

/** Runs one Slack call, retrying rate limits, 5xx and network failures with backoff until `deadline`. */
export function withSlackRetry<T>(call: () => Promise<T>, deadline: number, logger: Logger, what: string): Promise<T> {
  return retryTransient(call, classifySlackError, {
    deadline,
    ...defaultBackoff,
    onRetry: ({ attempt, delayMs, reason }) => logger.warn({ attempt, retryInMs: delayMs, reason }, `${what} failed; retrying`),
  });
}

/**
 * Sends a reply, retrying through a Slack outage until the budget's answer deadline. If Slack still refuses it
 * (an outage past the deadline, bad blocks, a missing scope), sends a short apology with a reference id until the
 * apology deadline; if that fails too, the error is logged under the same reference id. Never throws.
 */
export async function deliverReply(send: Send, reply: Reply, options: BlockOptions, logger: Logger, budget: DeliveryBudget = deliveryBudget(DEFAULT_DELIVERY_RETRY_MS)): Promise<void> {
  try {
    await withSlackRetry(() => send(toSlackBlocks(reply, options)), budget.answerDeadline, logger, "posting a reply to Slack");
  } catch (error) {
    await sendApology(send, error, logger, "could not post a reply to Slack", budget.apologyDeadline);
  }
}

/** Logs the error under a fresh reference id and tells the user that id, retrying until `deadline`. Never throws. */
export async function sendApology(send: Send, error: unknown, logger: Logger, what: string, deadline: number = Date.now() + 10_000): Promise<void> {
  const referenceId = newReferenceId();
  const coded = asCitebotError(error);
  logger.error({ err: coded, slackError: slackErrorCode(error), referenceId }, what);
  try {
    const apology = textMessage(`:warning: Sorry, I couldn't post my reply here. The team can look it up with reference \`${referenceId}\`.`);
    await withSlackRetry(() => send(apology), deadline, logger, "posting an apology to Slack");
  } catch (second) {
    logger.error({ err: asCitebotError(second), slackError: slackErrorCode(second), referenceId }, "could not post the apology either");
  }
}

/** The `error` field of a failed Web API call (`not_in_channel`, `invalid_blocks`, …), if there is one. */
export function slackErrorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("data" in error)) return undefined;
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === "string" ? data.error : undefined;
}
