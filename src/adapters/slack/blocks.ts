import type { types } from "@slack/bolt";
import type { Reply } from "../../chat/reply.js";
import type { Answer, Citation } from "../../engine/answer.js";
import {
  SLACK_CONTEXT_ELEMENTS_MAX,
  SLACK_CONTEXT_TEXT_MAX,
  SLACK_FALLBACK_TEXT_MAX,
  SLACK_MESSAGE_BLOCKS_MAX,
  SLACK_SECTION_TEXT_MAX,
} from "./limits.js";
import { encodeButtonValue } from "./button-value.js";
import { StillNeedHelp } from "../../knowledge/escalation/escalation-options.js";
import { escapeSlackText, neutraliseMentions, slackLink, toSlackMrkdwn } from "./mrkdwn.js";
import { splitMrkdwn, truncateMrkdwn } from "./split-mrkdwn.js";

export const ActionId = {
  FeedbackUp: "citebot_feedback_up",
  FeedbackDown: "citebot_feedback_down",
  PostToChannel: "citebot_post_to_channel",
  Escalate: StillNeedHelp.actionId,
} as const;

export type Verdict = "up" | "down";

export interface SlackMessage {
  text: string;
  blocks: types.KnownBlock[];
}

export interface BlockOptions {
  /** Adds a "Post to channel" button (ephemeral `/ask` answers). */
  postToChannel?: boolean;
  /** Replaces the 👍/👎 buttons with a thank-you once the user has rated the answer. */
  feedbackGiven?: Verdict;
  /** Shows the question above the answer (an answer posted to a channel from `/ask`). */
  showQuestion?: boolean;
  /** Adds "Still need help?" (ESCALATION); answers whose reply asks for it get it by default. */
  escalate?: boolean;
}

const TRUNCATION_NOTE = "\n_… the rest of this answer was too long for one Slack message; ask a narrower question for more._";
/** Citation lines beyond this many blocks are summarised; an answer needs room for its text first. */
const SOURCE_BLOCKS_MAX = 3;
const SOURCE_PART_MAX = 200;

/** Formats any Reply as a Block Kit message with a plain-text fallback; every piece is within Slack's limits. */
export function toSlackBlocks(reply: Reply, options: BlockOptions = {}): SlackMessage {
  switch (reply.kind) {
    case "answer":
      return answerMessage(reply.answer, reply.answerId, { escalate: reply.escalate === true, ...options });
    case "notice":
      return textMessage(toSlackMrkdwn(reply.text));
    case "error": {
      const withReference = reply.text.includes(reply.referenceId) ? reply.text : `${reply.text} (reference ${reply.referenceId})`;
      return textMessage(`:warning: ${toSlackMrkdwn(withReference)}`);
    }
  }
}

/** A short mrkdwn message (notices, usage, confirmations). */
export function textMessage(mrkdwn: string): SlackMessage {
  const safe = neutraliseMentions(mrkdwn);
  const sections = splitMrkdwn(safe, SLACK_SECTION_TEXT_MAX).slice(0, SLACK_MESSAGE_BLOCKS_MAX).map(section);
  return { text: truncateMrkdwn(safe, SLACK_FALLBACK_TEXT_MAX), blocks: sections };
}

function answerMessage(answer: Answer, answerId: string, options: BlockOptions): SlackMessage {
  const body = toSlackMrkdwn(answer.answer);
  const head: types.KnownBlock[] = options.showQuestion ? [questionBlock(answer.question)] : [];
  const tail: types.KnownBlock[] = [...relatedBlocks(answer), ...sourceBlocks(answer.citations), ...controlBlocks(encodeButtonValue(answerId, answer), options)];
  const room = SLACK_MESSAGE_BLOCKS_MAX - head.length - tail.length;
  return { text: truncateMrkdwn(body, SLACK_FALLBACK_TEXT_MAX), blocks: [...head, ...answerSections(body, room), ...tail] };
}

function answerSections(body: string, room: number): types.SectionBlock[] {
  const pieces = splitMrkdwn(body, SLACK_SECTION_TEXT_MAX);
  if (pieces.length <= room) return pieces.map(section);
  const kept = pieces.slice(0, room);
  const last = kept.pop() ?? "";
  const lastPiece = `${truncateMrkdwn(last, SLACK_SECTION_TEXT_MAX - TRUNCATION_NOTE.length)}${TRUNCATION_NOTE}`;
  return [...kept, lastPiece].map(section);
}

function questionBlock(question: string): types.ContextBlock {
  const text = neutraliseMentions(question.replace(/\s+/g, " ").trim());
  const clipped = text.length > SLACK_CONTEXT_TEXT_MAX - 10 ? `${text.slice(0, SLACK_CONTEXT_TEXT_MAX - 11)}…` : text;
  // plain_text is never parsed for formatting or mentions, so the question shows exactly as typed.
  return { type: "context", elements: [{ type: "plain_text", text: `Q: ${clipped}`, emoji: false }] };
}

function relatedBlocks(answer: Answer): types.SectionBlock[] {
  if (answer.grounded || answer.related.length === 0) return [];
  const lines = answer.related.map((topic) => `• ${escapeSlackText(topic)}`);
  const text = neutraliseMentions(`*What the docs do cover:*\n${lines.join("\n")}`);
  return [section(truncateMrkdwn(text, SLACK_SECTION_TEXT_MAX))];
}

function sourceBlocks(citations: Citation[]): types.ContextBlock[] {
  const lines = citations.map(sourceLine);
  const perBlock = SLACK_CONTEXT_ELEMENTS_MAX;
  const shown = lines.slice(0, SOURCE_BLOCKS_MAX * perBlock);
  const hidden = lines.length - shown.length;
  if (hidden > 0) shown[shown.length - 1] = `_and ${hidden + 1} more sources_`;
  const blocks: types.ContextBlock[] = [];
  for (let start = 0; start < shown.length; start += perBlock) {
    blocks.push({ type: "context", elements: shown.slice(start, start + perBlock).map((text) => ({ type: "mrkdwn", text, verbatim: true })) });
  }
  return blocks;
}

function sourceLine(citation: Citation): string {
  const label = [citation.title, citation.section].map((part) => clip(part.trim(), SOURCE_PART_MAX)).filter(Boolean).join(" › ");
  const linked = slackLink(citation.url, label) ?? escapeSlackText(label);
  return neutraliseMentions(`[${citation.id}] ${linked}`);
}

function controlBlocks(value: string, options: BlockOptions): types.KnownBlock[] {
  const postButton: types.Button[] = [
    ...(options.postToChannel ? [{ type: "button" as const, action_id: ActionId.PostToChannel, text: { type: "plain_text" as const, text: "Post to channel" }, value }] : []),
    ...(options.escalate ? [{ type: "button" as const, action_id: ActionId.Escalate, text: { type: "plain_text" as const, text: StillNeedHelp.label }, value }] : []),
  ];
  if (options.feedbackGiven) {
    const thanks: types.ContextBlock = {
      type: "context",
      elements: [{ type: "mrkdwn", text: options.feedbackGiven === "up" ? "Thanks for the 👍 feedback!" : "Thanks for the 👎 feedback; it helps us fix the docs." }],
    };
    return postButton.length > 0 ? [thanks, { type: "actions", elements: postButton }] : [thanks];
  }
  return [
    {
      type: "actions",
      block_id: "citebot_controls",
      elements: [
        { type: "button", action_id: ActionId.FeedbackUp, text: { type: "plain_text", text: "👍 Helpful" }, value },
        { type: "button", action_id: ActionId.FeedbackDown, text: { type: "plain_text", text: "👎 Not helpful" }, value },
        ...postButton,
      ],
    },
  ];
}

function section(text: string): types.SectionBlock {
  // verbatim: Slack must not auto-parse names or links in text we already converted and neutralised.
  return { type: "section", text: { type: "mrkdwn", text, verbatim: true } };
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
