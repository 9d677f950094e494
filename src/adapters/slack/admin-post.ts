import type { webApi } from "@slack/bolt";
import { SLACK_FALLBACK_TEXT_MAX, SLACK_SECTION_TEXT_MAX } from "./limits.js";
import { neutraliseMentions, toSlackMrkdwn } from "./mrkdwn.js";

/** A report (the gap digest, a stale-answer alert; Markdown) in ADMIN_CHANNEL, with every mention in it made inert. */
export async function postSlackAdminMessage(client: webApi.WebClient, channel: string, markdown: string): Promise<void> {
  const text = neutraliseMentions(toSlackMrkdwn(markdown));
  await client.chat.postMessage({
    channel,
    text: text.slice(0, SLACK_FALLBACK_TEXT_MAX),
    blocks: [{ type: "section", text: { type: "mrkdwn", text: text.slice(0, SLACK_SECTION_TEXT_MAX) } }],
    unfurl_links: false,
    unfurl_media: false,
  });
}
