// Markdown (what the engine writes) → Slack mrkdwn, with nothing in user or corpus text able to ping anyone.
// Slack's rules: https://docs.slack.dev/messaging/formatting-message-text

/** Word joiner: invisible, but breaks Slack's recognition of `@channel` and friends. */
const JOINER = "\u2060";
/** Private-use characters mark spans already converted; they are removed from the input first so text cannot forge them. */
const SLOT_OPEN = "\uE000";
const SLOT_CLOSE = "\uE001";
const BOLD = "\uE002";
const PRIVATE_USE = /[\uE000-\uF8FF]/g;

const CROWD_WORD = /@(channel|here|everyone)\b/gi;
// `<!channel>`, `<!here|here>`, `<!subteam^S123|@team>`, `<@U123>`, `<@W123|name>`: Slack's ping syntax.
const SPECIAL_MENTION = /<([!@])([^<>|]*)(?:\|([^<>]*))?>/g;

/** Escapes the three characters Slack treats as control sequences. */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Makes every ping in already-formatted mrkdwn inert: `<!channel>`, `<!here>`, `<!everyone>`, user and group
 * mentions become readable text, and a bare `@channel` gets a word joiner. Idempotent.
 */
export function neutraliseMentions(mrkdwn: string): string {
  return mrkdwn
    .replace(SPECIAL_MENTION, (_whole, sigil: string, id: string, label: string | undefined) => {
      const name = (label ?? (sigil === "!" ? id.replace(/^subteam\^/, "") : "someone")).replace(/^@/, "");
      return `@${JOINER}${name}`;
    })
    .replace(CROWD_WORD, (_whole, word: string) => `@${JOINER}${word}`);
}

/** A link Slack will render, or undefined when the URL is relative or of a scheme Slack should not open. */
/** Longest link target we emit: well inside Block Kit's 3,000-character text fields, leaving room for the label. */
const SLACK_LINK_HREF_MAX = 2_000;

export function slackLink(url: string, label: string): string | undefined {
  const href = safeHref(url);
  if (!href) return undefined;
  const text = escapeSlackText(label.replace(PRIVATE_USE, "")).replace(/\|/g, "¦").trim();
  return text ? `<${href}|${text}>` : `<${href}>`;
}

function safeHref(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (!["http:", "https:", "mailto:"].includes(parsed.protocol)) return undefined;
  const href = escapeSlackText(parsed.href).replace(/\|/g, "%7C");
  // A link that long would not fit a context element (3,000 characters) with its label; show the label alone.
  return href.length <= SLACK_LINK_HREF_MAX ? href : undefined;
}

/** Converts Markdown to Slack mrkdwn: emphasis, links as `<url|text>`, headings, lists, code; escapes & < >. */
export function toSlackMrkdwn(markdown: string): string {
  const lines = markdown.replace(PRIVATE_USE, "").replace(/\r\n?/g, "\n").split("\n");
  const out: string[] = [];
  let inFence = false;
  for (const line of lines) {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      out.push("```");
      continue;
    }
    out.push(inFence ? escapeSlackText(line) : convertLine(line));
  }
  if (inFence) out.push("```");
  return neutraliseMentions(out.join("\n"));
}

function convertLine(line: string): string {
  const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
  if (heading) return heading[1] ? `*${convertInline(heading[1].replace(/\*\*|__/g, ""))}*` : "";
  if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) return "──────────";
  const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
  if (bullet) return `${bullet[1] ?? ""}• ${convertInline(bullet[2] ?? "")}`;
  const numbered = /^(\s*)(\d{1,9})[.)]\s+(.*)$/.exec(line);
  if (numbered) return `${numbered[1] ?? ""}${numbered[2]}. ${convertInline(numbered[3] ?? "")}`;
  // A quote marker must stay a literal `>` for Slack to render it; only the quoted text is escaped.
  const quote = /^\s{0,3}>\s?(.*)$/.exec(line);
  if (quote) return `> ${convertInline(quote[1] ?? "")}`;
  return convertInline(line);
}

function convertInline(text: string): string {
  const slots: string[] = [];
  const keep = (mrkdwn: string) => `${SLOT_OPEN}${slots.push(mrkdwn) - 1}${SLOT_CLOSE}`;

  let work = text
    // Both patterns stay linear on long runs of ` or [ (a lazy backreference or nested brackets would not).
    .replace(/(?<!`)(`+)(?!`)([^`]+?)\1(?!`)/g, (_whole, _ticks: string, code: string) => keep(`\`${escapeSlackText(code)}\``))
    .replace(/!?\[([^[\]\n]*)\]\(\s*<?([^()\s<>]+)>?(?:\s+"[^"]*")?\s*\)/g, (_whole, label: string, url: string) => {
      const plainLabel = label.replace(/\*\*|__|`/g, "");
      return keep(slackLink(url, plainLabel) ?? escapeSlackText(plainLabel));
    })
    .replace(/<((?:https?|mailto):[^<>\s]+)>/g, (whole, url: string) => keep(slackLink(url, "") ?? escapeSlackText(whole)))
    .replace(/\bhttps?:\/\/[^\s<>()]+[^\s<>().,;:!?'"]/g, (url) => keep(slackLink(url, "") ?? escapeSlackText(url)));

  work = escapeSlackText(work)
    .replace(/\*\*(?=\S)([^*]*?\S)\*\*/g, `${BOLD}$1${BOLD}`)
    .replace(/__(?=\S)([^_]*?\S)__/g, `${BOLD}$1${BOLD}`)
    .replace(/(^|[^*\w])\*(?=\S)([^*\n]*?\S)\*(?![*\w])/g, "$1_$2_")
    .replace(/~~(?=\S)([^~]*?\S)~~/g, "~$1~")
    .replace(new RegExp(BOLD, "g"), "*");

  return work.replace(new RegExp(`${SLOT_OPEN}(\\d+)${SLOT_CLOSE}`, "g"), (_whole, index: string) => slots[Number(index)] ?? "");
}
