import type { APIEmbed } from "discord.js";

// What Discord would do with a message: which text pings, which limits it breaks (50035 Invalid Form Body).
// From https://discord.com/developers/docs/resources/message#embed-object-embed-limits and allowed_mentions.

const CROWD = /@(?:everyone|here)\b/gi;
const ENTITY = /<@[!&]?\d+>/g;

const CONTENT_MAX = 2_000;
const EMBEDS_MAX = 10;
const TITLE_MAX = 256;
const DESCRIPTION_MAX = 4_096;
const FIELDS_MAX = 25;
const FIELD_NAME_MAX = 256;
const FIELD_VALUE_MAX = 1_024;
const FOOTER_MAX = 2_048;
const AUTHOR_MAX = 256;
const TOTAL_MAX = 6_000;

export interface SentMessage {
  content?: string | null;
  embeds?: APIEmbed[];
}

function texts(message: SentMessage): Array<{ where: string; text: string }> {
  const found = [{ where: "content", text: message.content ?? "" }];
  for (const [index, embed] of (message.embeds ?? []).entries()) {
    const at = `embeds.${index}`;
    found.push({ where: `${at}.title`, text: embed.title ?? "" }, { where: `${at}.description`, text: embed.description ?? "" });
    found.push({ where: `${at}.author`, text: embed.author?.name ?? "" }, { where: `${at}.footer`, text: embed.footer?.text ?? "" });
    for (const [f, field] of (embed.fields ?? []).entries()) found.push({ where: `${at}.fields.${f}`, text: `${field.name}\n${field.value}` });
  }
  return found;
}

const ESCAPED = /\\[^\s]/g;
/** Link targets and code spans: Discord shows what is inside them literally, never as a mention. */
const LINK_TARGET = /\]\([^()\s]*\)/g;
const CODE_SPAN = /(`+)[^`]*?\1/g;

/**
 * `@everyone`, `@here`, `<@id>`, `<@!id>` and `<@&role>` left as Discord would parse them. Only `content` can
 * notify anyone (and only as far as allowed_mentions lets it); in embeds a mention merely renders, so there
 * the check skips link targets and code spans, where Discord renders nothing.
 */
export function discordMentionTokens(message: SentMessage): string[] {
  return texts(message).flatMap(({ where, text }) => {
    const parsed = where === "content" ? text : text.replace(LINK_TARGET, " ").replace(ESCAPED, " ").replace(CODE_SPAN, " ");
    return [...parsed.matchAll(CROWD), ...parsed.matchAll(ENTITY)].map((match) => `${where}: ${match[0]}`);
  });
}

/** Every limit the message breaks; empty when Discord would accept it. */
export function discordLimitProblems(message: SentMessage): string[] {
  const problems: string[] = [];
  const content = message.content ?? "";
  const embeds = message.embeds ?? [];
  if (content.length > CONTENT_MAX) problems.push(`content is ${content.length} characters`);
  if (content.trim() === "" && embeds.length === 0) problems.push("empty message");
  if (embeds.length > EMBEDS_MAX) problems.push(`${embeds.length} embeds`);
  let total = 0;
  for (const [index, embed] of embeds.entries()) {
    const at = `embeds.${index}`;
    const fields = embed.fields ?? [];
    const check = (what: string, text: string | undefined, max: number) => {
      if (text === undefined) return;
      total += text.length;
      if (text.length > max) problems.push(`${at}.${what} is ${text.length} characters`);
      if (text.trim() === "") problems.push(`${at}.${what} is blank`);
    };
    check("title", embed.title, TITLE_MAX);
    check("description", embed.description, DESCRIPTION_MAX);
    check("author", embed.author?.name, AUTHOR_MAX);
    check("footer", embed.footer?.text, FOOTER_MAX);
    if (fields.length > FIELDS_MAX) problems.push(`${at} has ${fields.length} fields`);
    for (const field of fields) {
      check("field name", field.name, FIELD_NAME_MAX);
      check("field value", field.value, FIELD_VALUE_MAX);
    }
    if (!embed.title && !embed.description && fields.length === 0) problems.push(`${at} is empty`);
  }
  if (total > TOTAL_MAX) problems.push(`embeds total ${total} characters`);
  return problems;
}
