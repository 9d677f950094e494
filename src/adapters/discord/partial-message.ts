import type { DiscordMessage } from "./embeds.js";
import { DISCORD_CONTENT_MAX } from "./limits.js";
import { neutraliseMentions } from "./neutralise-mentions.js";
import { truncate } from "./truncate.js";

/** `-#` is Discord's subtext: a small grey line under the text. */
const WRITING_NOTE = "-# Writing… the sources follow once the answer is checked against them.";

/**
 * Least time between two writes of an answer in progress. Discord's per-channel message bucket allows about five
 * writes in five seconds (read from the X-RateLimit-* headers, https://discord.com/developers/docs/topics/rate-limits);
 * this pace leaves room for the final edit, follow-ups and other answers without a 429 delaying the answer.
 */
export const DISCORD_PARTIAL_EDIT_INTERVAL_MS = 1_500;

/**
 * An answer still being written, as plain content with mentions neutralised exactly like a final answer's text.
 * The final answer's embeds replace it whole.
 */
export function partialMessage(markdown: string): DiscordMessage {
  const body = truncate(neutraliseMentions(markdown).trim(), DISCORD_CONTENT_MAX - WRITING_NOTE.length - 1) || "…";
  return { content: `${body}\n${WRITING_NOTE}`, embeds: [], components: [] };
}
