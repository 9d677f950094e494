import type { SlackMessage } from "../../src/adapters/slack/blocks.js";

// What Slack itself would do with a message: which tokens ping, which limits it breaks. Written from Slack's
// documentation (https://docs.slack.dev/messaging/formatting-message-text, Block Kit reference), not from the
// adapter's code, so that the adapter is checked against the platform rather than against itself.

/** `<!channel>`, `<!here>`, `<!everyone>`, `<!subteam^…>` and `<@U…>`/`<@W…>`: the tokens Slack turns into pings. */
const LIVE_TOKEN = /<!(?:channel|here|everyone|subteam\^)[^<>]*>|<@[A-Z0-9]+(?:\|[^<>]*)?>/gi;
/** A bare `@channel` pings when a client posts with link_names; the adapter promises to defang it anyway. */
const BARE_CROWD = /@(?:channel|here|everyone)\b/gi;

const SECTION_TEXT_MAX = 3_000;
const BLOCKS_MAX = 50;
const CONTEXT_ELEMENTS_MAX = 10;
const CONTEXT_TEXT_MAX = 3_000;
const BUTTON_TEXT_MAX = 75;
const BUTTON_VALUE_MAX = 2_000;
/** chat.postMessage truncates `text` past 40,000; citebot keeps the notification fallback to 4,000. */
const FALLBACK_TEXT_MAX = 4_000;

interface TextObject {
  type: string;
  text: string;
}

interface LooseBlock {
  type: string;
  text?: TextObject;
  elements?: Array<{ type: string; text?: string | TextObject; value?: string }>;
}

/** Every piece of text in the message that Slack renders, with where it sits. */
export function slackTexts(message: SlackMessage): Array<{ where: string; text: string }> {
  const texts = [{ where: "text", text: message.text }];
  for (const [index, block] of (message.blocks as LooseBlock[]).entries()) {
    if (block.text) texts.push({ where: `blocks.${index}.text`, text: block.text.text });
    for (const [e, element] of (block.elements ?? []).entries()) {
      const text = typeof element.text === "string" ? element.text : element.text?.text;
      if (text !== undefined) texts.push({ where: `blocks.${index}.elements.${e}`, text });
    }
  }
  return texts;
}

/** Tokens that would notify someone if Slack received this message. */
export function slackPings(message: SlackMessage): string[] {
  return slackTexts(message).flatMap(({ where, text }) => [...text.matchAll(LIVE_TOKEN), ...text.matchAll(BARE_CROWD)].map((match) => `${where}: ${match[0]}`));
}

/** Every Block Kit or chat.postMessage limit the message breaks; empty when Slack would accept it. */
export function slackLimitProblems(message: SlackMessage): string[] {
  const problems: string[] = [];
  const blocks = message.blocks as LooseBlock[];
  if (blocks.length > BLOCKS_MAX) problems.push(`${blocks.length} blocks`);
  if (message.text.length > FALLBACK_TEXT_MAX) problems.push(`text is ${message.text.length} characters`);
  if (blocks.length === 0 && message.text.trim() === "") problems.push("neither text nor blocks (no_text)");
  for (const [index, block] of blocks.entries()) {
    if (block.type === "section") {
      const length = block.text?.text.length ?? 0;
      if (length === 0 || length > SECTION_TEXT_MAX) problems.push(`blocks.${index} section text is ${length} characters`);
    }
    if (block.type === "context") {
      const elements = block.elements ?? [];
      if (elements.length === 0 || elements.length > CONTEXT_ELEMENTS_MAX) problems.push(`blocks.${index} context has ${elements.length} elements`);
      for (const element of elements) {
        const length = typeof element.text === "string" ? element.text.length : (element.text?.text.length ?? 0);
        if (length === 0 || length > CONTEXT_TEXT_MAX) problems.push(`blocks.${index} context element is ${length} characters`);
      }
    }
    if (block.type === "actions") {
      for (const element of block.elements ?? []) {
        const label = typeof element.text === "string" ? element.text : (element.text?.text ?? "");
        if (label.length === 0 || label.length > BUTTON_TEXT_MAX) problems.push(`blocks.${index} button text is ${label.length} characters`);
        if ((element.value ?? "").length > BUTTON_VALUE_MAX) problems.push(`blocks.${index} button value is too long`);
      }
    }
  }
  return problems;
}
