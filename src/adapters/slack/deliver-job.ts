import type { Deliver } from "../../chat/jobs.js";
import { toSlackBlocks } from "./blocks.js";

/** How long one POST to a response_url may take before the attempt counts as failed (the job is retried). */
const RESPONSE_URL_TIMEOUT_MS = 10_000;

/**
 * A taken-over `/ask`: the answer goes to the command's response_url (valid 30 minutes, up to 5 posts), privately
 * with "Post to channel", as the process that accepted it would have sent it.
 */
export const deliverToResponseUrl: Deliver = async (target, reply) => {
  if (target.kind !== "slack_response_url") throw new Error(`deliverToResponseUrl cannot deliver to ${target.kind}`);
  const message = { response_type: "ephemeral", replace_original: target.replaceOriginal, ...toSlackBlocks(reply, { postToChannel: reply.kind === "answer" }) };
  const response = await fetch(target.responseUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(message),
    signal: AbortSignal.timeout(RESPONSE_URL_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`Slack answered the response_url post with HTTP ${response.status}`);
};
