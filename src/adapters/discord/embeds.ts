import { escapeMarkdown, type APIEmbed, type APIEmbedField } from "discord.js";
import type { Answer, Citation } from "../../engine/answer.js";
import type { Reply } from "../../chat/reply.js";
import { feedbackRow, type FeedbackRow } from "./feedback-buttons.js";
import {
  DISCORD_CONTENT_MAX,
  DISCORD_EMBED_AUTHOR_MAX,
  DISCORD_EMBED_DESCRIPTION_MAX,
  DISCORD_EMBED_FIELDS_MAX,
  DISCORD_EMBED_FIELD_NAME_MAX,
  DISCORD_EMBED_FIELD_VALUE_MAX,
  DISCORD_EMBED_FOOTER_MAX,
  DISCORD_EMBED_TITLE_MAX,
  DISCORD_EMBEDS_PER_MESSAGE_MAX,
  DISCORD_EMBEDS_TOTAL_MAX,
} from "./limits.js";
import { neutraliseMentions } from "./neutralise-mentions.js";
import { splitText } from "./split-text.js";
import { truncate } from "./truncate.js";

/** One message to send, before the send path adds `allowedMentions` and flags. */
export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: FeedbackRow[];
}

const COLOR_GROUNDED = 0x2e7d32;
const COLOR_NOT_FOUND = 0x9e9e9e;
/** A preview of the cited passage; the link leads to the rest. */
const QUOTE_PREVIEW_MAX = 200;
/** Keeps a source's link whole inside the 1,024-character field value. */
const SECTION_NAME_MAX = 200;

export interface FormatOptions {
  /** Shows the question above the answer: a `/ask` reply, whose options nobody else can see. */
  showQuestion?: boolean;
}

/** Turns any conversation reply into the messages to send, every one within Discord's limits. */
export function toDiscordMessages(reply: Reply, options: FormatOptions = {}): DiscordMessage[] {
  switch (reply.kind) {
    case "answer":
      return answerMessages(reply.answer, feedbackRow(reply.answerId, { escalate: reply.escalate === true }), options);
    case "notice":
      return contentMessages(reply.text);
    case "error":
      return contentMessages(reply.text.includes(reply.referenceId) ? `⚠️ ${reply.text}` : `⚠️ ${reply.text} (reference: \`${reply.referenceId}\`)`);
  }
}

function contentMessages(text: string): DiscordMessage[] {
  return splitText(neutraliseMentions(text).trim() || "…", DISCORD_CONTENT_MAX).map((content) => ({ content, embeds: [], components: [] }));
}

function answerMessages(answer: Answer, buttons: FeedbackRow | undefined, options: FormatOptions): DiscordMessage[] {
  const color = answer.grounded ? COLOR_GROUNDED : COLOR_NOT_FOUND;
  const text = neutraliseMentions(linkMarkers(answer.answer, answer.citations)).trim() || "I have no answer text for that.";
  const embeds: APIEmbed[] = splitText(text, DISCORD_EMBED_DESCRIPTION_MAX).map((description) => ({ description, color }));
  const first = embeds[0];
  if (first && options.showQuestion) {
    // An embed author is plain text: the question shows as typed, with no Markdown or mentions parsed.
    first.author = { name: truncate(`Q: ${neutraliseMentions(answer.question.replace(/\s+/g, " ").trim())}`, DISCORD_EMBED_AUTHOR_MAX) };
  }
  const footer = truncate(footerText(answer), DISCORD_EMBED_FOOTER_MAX);
  const sources = [...answer.citations].sort((a, b) => a.id - b.id).map(sourceField);
  embeds.push(...fieldEmbeds("Sources", sources, color, footer.length));
  if (!answer.grounded && answer.related.length > 0) {
    const related = answer.related.map((topic) => `• ${escapeMarkdown(neutraliseMentions(topic))}`).join("\n");
    embeds.push({ title: "What the docs do cover", description: truncate(related, DISCORD_EMBED_DESCRIPTION_MAX), color });
  }
  const last = embeds.at(-1);
  if (last) last.footer = { text: footer };
  const messages = packEmbeds(embeds);
  const final = messages.at(-1);
  if (final && buttons) final.components = [buttons];
  return messages;
}

function footerText(answer: Answer): string {
  if (!answer.grounded) return "Not found in the team's documents";
  const count = answer.citations.length;
  return `Answered from ${count} source${count === 1 ? "" : "s"} in the team's documents`;
}

/** `[n]` becomes a link to the cited section when that section has a web address. */
function linkMarkers(text: string, citations: Citation[]): string {
  const urls = new Map(citations.map((citation) => [citation.id, absoluteUrl(citation.url)]));
  return text.replace(/\[(\d+)\](?!\()/g, (marker, id: string) => {
    const url = urls.get(Number(id));
    return url ? `[${marker}](${url})` : marker;
  });
}

function sourceField(citation: Citation): APIEmbedField {
  const title = neutraliseMentions(citation.title || citation.source);
  const section = truncate(neutraliseMentions(citation.section || citation.title || citation.source), SECTION_NAME_MAX);
  const url = absoluteUrl(citation.url);
  // Brackets would end the link text early.
  const label = escapeMarkdown(section).replace(/[[\]]/g, "").trim() || `Source ${citation.id}`;
  // A relative permalink cannot be a Discord link; show it as text so readers can still find the section.
  const where = url ? `[${label}](${url})` : citation.url ? `${label} · \`${neutraliseMentions(citation.url.replace(/`/g, ""))}\`` : label;
  const quote = citation.quote.trim() ? `\n> ${escapeMarkdown(truncate(neutraliseMentions(citation.quote.replace(/\s+/g, " ").trim()), QUOTE_PREVIEW_MAX))}` : "";
  return {
    name: truncate(`[${citation.id}] ${escapeMarkdown(title)}`, DISCORD_EMBED_FIELD_NAME_MAX),
    value: truncate(`${where}${quote}`, DISCORD_EMBED_FIELD_VALUE_MAX),
  };
}

/** Spreads fields over as many embeds as the 25-field and 6,000-character limits need, leaving room for the footer. */
function fieldEmbeds(title: string, fields: APIEmbedField[], color: number, footerLength: number): APIEmbed[] {
  const embeds: APIEmbed[] = [];
  let current: APIEmbed | undefined;
  for (const field of fields) {
    const fieldSize = field.name.length + field.value.length;
    const fits = current?.fields && current.fields.length < DISCORD_EMBED_FIELDS_MAX && embedSize(current) + fieldSize + footerLength <= DISCORD_EMBEDS_TOTAL_MAX;
    if (!current || !fits) {
      current = { title: truncate(embeds.length === 0 ? title : `${title} (continued)`, DISCORD_EMBED_TITLE_MAX), color, fields: [] };
      embeds.push(current);
    }
    current.fields?.push(field);
  }
  return embeds;
}

/** Groups embeds into messages of at most 10 embeds and 6,000 embed characters each, in order. */
function packEmbeds(embeds: APIEmbed[]): DiscordMessage[] {
  const messages: DiscordMessage[] = [];
  let current: DiscordMessage | undefined;
  let size = 0;
  for (const embed of embeds) {
    const next = embedSize(embed);
    if (!current || current.embeds.length >= DISCORD_EMBEDS_PER_MESSAGE_MAX || size + next > DISCORD_EMBEDS_TOTAL_MAX) {
      current = { embeds: [], components: [] };
      messages.push(current);
      size = 0;
    }
    current.embeds.push(embed);
    size += next;
  }
  return messages;
}

/** The characters Discord counts toward the 6,000 per message. */
export function embedSize(embed: APIEmbed): number {
  const fields = (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);
  return (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + fields + (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
}

function absoluteUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return undefined;
    // Parentheses would end the Markdown link early; an encoded "@" can never read as a mention.
    parsed.username = "";
    parsed.password = "";
    return parsed.href.replace(/\(/g, "%28").replace(/\)/g, "%29").replace(/@/g, "%40");
  } catch {
    return undefined;
  }
}
