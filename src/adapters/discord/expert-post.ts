import { escapeMarkdown, type APIEmbed } from "discord.js";
import { DISCORD_CONTENT_MAX, DISCORD_EMBED_DESCRIPTION_MAX, DISCORD_EMBED_FIELD_VALUE_MAX } from "./limits.js";
import { neutraliseMentions } from "./neutralise-mentions.js";
import { truncate } from "./truncate.js";
import type { EscalationOptions } from "../../knowledge/escalation/escalation-options.js";
import type { ExpertPostInput } from "../../knowledge/escalation/expert-post.js";

/** channel.send() options for the expert post, with the channel it goes to. */
export interface DiscordExpertPost {
  channelId: string;
  content: string;
  embeds: APIEmbed[];
  /** Only the configured role may be pinged, whatever the text says; no @everyone, no users, no reply ping. */
  allowedMentions: { parse: []; roles: string[]; users: []; repliedUser: false };
}

const SOURCES_MAX = 10;
const QUESTION_SHOWN = 500;
const COLOR = 0xe67e22;

/**
 * The post in ESCALATION_DISCORD_CHANNEL. Its one mention is the configured role (`<@&id>`) in `content`, and
 * allowedMentions names that role alone; the question, answer and sources are neutralised and sit in an embed,
 * which Discord never pings from.
 */
export function discordExpertPost(input: ExpertPostInput, target: NonNullable<EscalationOptions["discord"]>): DiscordExpertPost {
  // Cut first: escapeMarkdown is slow on a pasted log, and only 500 characters are shown.
  const question = escapeMarkdown(neutraliseMentions(input.question.slice(0, QUESTION_SHOWN * 2).replace(/\s+/g, " ").trim()));
  const mention = target.roleId ? `<@&${target.roleId}> ` : "";
  const content = truncate(`${mention}Someone still needs help with: **${truncate(question, QUESTION_SHOWN) || "(no question text)"}**${input.threadUrl ? `\nAsked here: <${safeUrl(input.threadUrl) ?? ""}>` : ""}`, DISCORD_CONTENT_MAX);
  const sources = input.answer.citations.slice(0, SOURCES_MAX).map((citation) => {
    const name = escapeMarkdown(neutraliseMentions(`${citation.title} › ${citation.section}`.replace(/^(.+) › \1 › /, "$1 › "))).replace(/[[\]]/g, "");
    const url = safeUrl(citation.url);
    const label = name.trim() || `Source ${citation.id}`;
    return `[${citation.id}] ${url ? `[${label}](${url})` : label}`;
  });
  // Discord rejects a blank embed description (50035 Invalid Form Body).
  const answerText = neutraliseMentions(input.answer.answer.slice(0, DISCORD_EMBED_DESCRIPTION_MAX * 2)).trim() || "(no answer text)";
  const embed: APIEmbed = {
    title: input.answer.grounded ? "citebot answered" : "citebot could not answer from the documents",
    description: truncate(answerText, DISCORD_EMBED_DESCRIPTION_MAX),
    color: COLOR,
    fields: sources.length > 0 ? [{ name: "Sources", value: truncate(sources.join("\n"), DISCORD_EMBED_FIELD_VALUE_MAX) }] : [],
    footer: { text: "Reply to this message: your answer is recorded with the question for the documentation." },
  };
  return { channelId: target.channelId, content, embeds: [embed], allowedMentions: { parse: [], roles: target.roleId ? [target.roleId] : [], users: [], repliedUser: false } };
}

/** http(s) only, without credentials; the URL parser encodes `<`, and an encoded "@" keeps @everyone/@here inert. */
function safeUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return undefined;
    parsed.username = "";
    parsed.password = "";
    return parsed.href.replace(/\(/g, "%28").replace(/\)/g, "%29").replace(/@(?=everyone|here)/gi, "%40");
  } catch {
    return undefined;
  }
}
