import type { Message } from "discord.js";
import { discordTextToPlain } from "./incoming-text.js";

/** What a vote on an answer from before a restart can be recorded with: read back from the message the button is on. */
export interface RestoredAnswer {
  question: string;
  answer: string;
  citations: Array<{ id: number; title: string; section: string; url: string }>;
}

/** The question is fetched only briefly: Discord drops a click not acknowledged within 3 s. */
const QUESTION_FETCH_MS = 1_200;

/**
 * Rebuilds what a feedback record needs from an answer message citebot posted (embeds.ts): the answer from the
 * untitled embeds, the sources from the "Sources" fields, and the question from the embed's "Q:" line (an /ask
 * answer) or from the message it replied to. A custom_id holds 100 characters, too few to carry any of this.
 */
export async function restoreAnswer(message: Message, botUserId: string): Promise<RestoredAnswer> {
  const answer = message.embeds
    .filter((embed) => !embed.title && embed.description)
    .map((embed) => embed.description ?? "")
    .join("\n");
  const citations = message.embeds.flatMap((embed) => embed.fields).flatMap((field) => parseSourceField(field.name, field.value));
  const asked = message.embeds.map((embed) => embed.author?.name ?? "").find((name) => name.startsWith("Q: "));
  const question = asked ? asked.slice(3) : await repliedQuestion(message, botUserId);
  return { question, answer, citations };
}

async function repliedQuestion(message: Message, botUserId: string): Promise<string> {
  const id = message.reference?.messageId;
  if (!id) return "";
  let timer: NodeJS.Timeout | undefined;
  try {
    const fetched = await Promise.race([
      message.channel.messages.fetch(id),
      new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), QUESTION_FETCH_MS))),
    ]);
    return fetched ? discordTextToPlain(fetched.content, botUserId) : "";
  } catch {
    // The question was deleted, or Discord is slow: the vote is still worth keeping without it.
    return "";
  } finally {
    clearTimeout(timer);
  }
}

/** `[1] Title` / `[Section](https://…)` or `Section · \`/relative\`` (embeds.ts sourceField), back into a citation. */
function parseSourceField(name: string, value: string): RestoredAnswer["citations"] {
  const head = /^\[(\d+)\]\s*(.*)$/.exec(name);
  if (!head) return [];
  const where = value.split("\n")[0] ?? "";
  const link = /^\[([^\]]*)\]\((\S+)\)$/.exec(where);
  const relative = /^(.*) · `([^`]*)`$/.exec(where);
  const section = link?.[1] ?? relative?.[1] ?? where;
  const url = link?.[2] ?? relative?.[2] ?? "";
  return [{ id: Number(head[1]), title: unescapeMarkdown(head[2] ?? ""), section: unescapeMarkdown(section), url }];
}

function unescapeMarkdown(text: string): string {
  return text.replace(/\\([\\`*_~|>#[\]()-])/g, "$1");
}
