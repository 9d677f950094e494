import { webApi } from "@slack/bolt";
import type { Deliver } from "../../chat/jobs.js";
import { slackJobMetadata } from "../../store/delivery.js";
import type { Logger } from "../../logger.js";
import { toSlackBlocks } from "./blocks.js";
import { slackClientOptions } from "./connect.js";

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

/**
 * A taken-over mention or thread follow-up: the answer goes into the thread, marked with the job id in its message
 * metadata. A repeat attempt first looks for that mark in the thread and posts only if it is not there, so a crash
 * between posting and recording it does not show the answer twice.
 */
export function threadReplyDeliverer(connection: { botToken: string; apiUrl?: string }, logger: Logger): Deliver {
  const client = new webApi.WebClient(connection.botToken, slackClientOptions(connection.apiUrl, logger));
  return async (target, reply, jobId) => {
    if (target.kind !== "slack_message") throw new Error(`threadReplyDeliverer cannot deliver to ${target.kind}`);
    const metadata = slackJobMetadata(jobId);
    if (target.threadTs) {
      const thread = await client.conversations.replies({ channel: target.channelId, ts: target.threadTs, include_all_metadata: true, limit: 200 });
      const posted = (thread.messages ?? []).some((message) => (message as { metadata?: { event_payload?: { job_id?: unknown } } }).metadata?.event_payload?.job_id === jobId);
      if (posted) return;
    }
    await client.chat.postMessage({
      channel: target.channelId,
      ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
      ...toSlackBlocks(reply),
      metadata,
      unfurl_links: false,
      unfurl_media: false,
    });
  };
}
