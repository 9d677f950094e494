import type { SlackMessage } from "./blocks.js";
import { SLACK_FALLBACK_TEXT_MAX, SLACK_SECTION_TEXT_MAX } from "./limits.js";
import { toSlackMrkdwn } from "./mrkdwn.js";
import { truncateMrkdwn } from "./split-mrkdwn.js";

const WRITING_NOTE = "_Writing… the sources follow once the answer is checked against them._";

/**
 * An answer still being written, converted and neutralised exactly like a final answer's text. One section and a
 * note are always within Slack's limits; the final answer replaces this message whole.
 */
export function partialMessage(markdown: string): SlackMessage {
  const body = truncateMrkdwn(toSlackMrkdwn(markdown).trim(), SLACK_SECTION_TEXT_MAX) || "…";
  return {
    text: truncateMrkdwn(body, SLACK_FALLBACK_TEXT_MAX),
    blocks: [
      // verbatim: Slack must not auto-parse names or links in text already converted and neutralised.
      { type: "section", text: { type: "mrkdwn", text: body, verbatim: true } },
      { type: "context", elements: [{ type: "mrkdwn", text: WRITING_NOTE }] },
    ],
  };
}
