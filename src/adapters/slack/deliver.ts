import { randomBytes } from "node:crypto";
import type { Reply } from "../../chat/types.js";
import { asCitebotError } from "../../errors.js";
import type { Logger } from "../../logger.js";
import { type BlockOptions, type SlackMessage, textMessage, toSlackBlocks } from "./blocks.js";

export type Send = (message: SlackMessage) => Promise<unknown>;

/**
 * Sends a reply; if Slack rejects it (bad blocks, message too long, missing scope), sends a short apology
 * with a reference id instead, so the user is never left with silence.
 */
export async function deliverReply(send: Send, reply: Reply, options: BlockOptions, logger: Logger): Promise<void> {
  try {
    await send(toSlackBlocks(reply, options));
  } catch (error) {
    await sendApology(send, error, logger, "could not post a reply to Slack");
  }
}

/** Logs the error under a fresh reference id and tells the user that id. Never throws. */
export async function sendApology(send: Send, error: unknown, logger: Logger, what: string): Promise<void> {
  const referenceId = `E-${randomBytes(4).toString("hex").toUpperCase()}`;
  const coded = asCitebotError(error);
  logger.error({ err: coded, slackError: slackErrorCode(error), referenceId }, what);
  try {
    await send(textMessage(`:warning: Sorry, I couldn't post my reply here. The team can look it up with reference \`${referenceId}\`.`));
  } catch (second) {
    logger.error({ err: asCitebotError(second), referenceId }, "could not post the apology either");
  }
}

/** The `error` field of a failed Web API call (`not_in_channel`, `invalid_blocks`, …), if there is one. */
export function slackErrorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("data" in error)) return undefined;
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === "string" ? data.error : undefined;
}
