import { type Client, type REST, Routes } from "discord.js";
import { DISCORD_CONTENT_MAX } from "./limits.js";
import { neutraliseMentions } from "./neutralise-mentions.js";
import { truncate } from "./truncate.js";

/** A report (the gap digest, a stale-answer alert; Markdown) in ADMIN_CHANNEL: it pings no one. */
export async function postDiscordAdminMessage(client: Client, channelId: string, markdown: string): Promise<void> {
  const channel = await client.channels.fetch(channelId);
  if (!channel?.isSendable()) throw new Error(`ADMIN_CHANNEL: discord:${channelId} is not a channel the bot can post in`);
  await channel.send({ content: truncate(neutraliseMentions(markdown), DISCORD_CONTENT_MAX), allowedMentions: { parse: [] } });
}

/** The same, over REST alone (no gateway login): for `npm run ingest`, which posts and exits. */
export async function postDiscordAdminMessageOverRest(rest: REST, channelId: string, markdown: string): Promise<void> {
  await rest.post(Routes.channelMessages(channelId), { body: { content: truncate(neutraliseMentions(markdown), DISCORD_CONTENT_MAX), allowed_mentions: { parse: [] } } });
}
