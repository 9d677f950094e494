import type { types } from "@slack/bolt";
import { SLACK_CONTEXT_TEXT_MAX, SLACK_FALLBACK_TEXT_MAX, SLACK_SECTION_TEXT_MAX } from "./limits.js";
import { escapeSlackText, neutraliseMentions, slackLink, toSlackMrkdwn } from "./mrkdwn.js";
import type { EscalationOptions } from "../../knowledge/escalation/escalation-options.js";
import type { ExpertPostInput } from "../../knowledge/escalation/expert-post.js";

/** chat.postMessage arguments for the expert post. */
export interface SlackExpertPost {
  channel: string;
  text: string;
  blocks: types.KnownBlock[];
  unfurl_links: false;
  unfurl_media: false;
}

const SOURCES_MAX = 10;

/**
 * The post in ESCALATION_SLACK_CHANNEL. Its one mention is the configured user group (`<!subteam^S…>`), at the
 * start of both the blocks and the notification text (Slack notifies from `text`, shows the blocks); everything
 * else (the question, the answer, the sources) has every ping neutralised, and `link_names` is left off.
 */
export function slackExpertPost(input: ExpertPostInput, target: NonNullable<EscalationOptions["slack"]>): SlackExpertPost {
  const mention = target.groupId ? `<!subteam^${target.groupId}> ` : "";
  const question = escapeSlackText(oneLine(input.question.slice(0, 1_000)));
  const lead = `${mention}${neutraliseMentions(`Someone still needs help with: *${clip(question, 500) || "(no question text)"}*`)}`;
  const answer = input.answer.grounded ? toSlackMrkdwn(input.answer.answer) : `_citebot could not answer from the documents:_ ${toSlackMrkdwn(input.answer.answer)}`;
  const sources = input.answer.citations.slice(0, SOURCES_MAX).map((citation) => {
    const name = `${citation.title} › ${citation.section}`.replace(/^(.+) › \1 › /, "$1 › ");
    return `[${citation.id}] ${slackLink(citation.url, name) ?? escapeSlackText(name)}`;
  });
  const thread = input.threadUrl ? slackLink(input.threadUrl, "Open the asker's thread") : undefined;
  const footer = neutraliseMentions(`${thread ? `${thread} · ` : ""}Reply in this thread: your answer is recorded with the question for the documentation.`);
  const blocks: types.KnownBlock[] = [
    { type: "section", text: { type: "mrkdwn", text: clip(lead, SLACK_SECTION_TEXT_MAX) } },
    { type: "section", text: { type: "mrkdwn", text: clip(neutraliseMentions(`*citebot answered:*\n${answer}`), SLACK_SECTION_TEXT_MAX) } },
  ];
  if (sources.length > 0) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: clip(neutraliseMentions(`Sources: ${sources.join(" · ")}`), SLACK_CONTEXT_TEXT_MAX) }] });
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: clip(footer, SLACK_CONTEXT_TEXT_MAX) }] });
  return { channel: target.channelId, text: clip(lead, SLACK_FALLBACK_TEXT_MAX), blocks, unfurl_links: false, unfurl_media: false };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Cuts before an entity or link token rather than through one. */
function clip(mrkdwn: string, max: number): string {
  if (mrkdwn.length <= max) return mrkdwn;
  let cut = max - 1;
  const open = mrkdwn.lastIndexOf("<", cut);
  if (open > mrkdwn.lastIndexOf(">", cut)) cut = open;
  const amp = mrkdwn.lastIndexOf("&", cut);
  if (amp > mrkdwn.lastIndexOf(";", cut) && cut - amp < 6) cut = amp;
  return `${mrkdwn.slice(0, cut)}…`;
}
