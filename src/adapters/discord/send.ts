import {
  MessageFlags,
  type ChatInputCommandInteraction,
  type Message,
  type MessageCreateOptions,
  type MessageMentionOptions,
  type SendableChannels,
} from "discord.js";
import type { DiscordMessage } from "./embeds.js";

/** No @everyone/@here, role or user can be pinged by anything the bot sends, whatever its text says. */
export const NO_PINGS: MessageMentionOptions = { parse: [], repliedUser: false };

function createOptions(message: DiscordMessage): MessageCreateOptions {
  return { content: message.content, embeds: message.embeds, components: message.components, allowedMentions: NO_PINGS };
}

export interface ReplyOptions {
  /** Notify the asker by pinging them in the reply (and nobody else). */
  pingAuthor: boolean;
}

/** Posts the first message as a reply to `source` and any others after it in the same channel. */
export async function replyTo(source: Message, messages: DiscordMessage[], options: ReplyOptions): Promise<Message[]> {
  const sent: Message[] = [];
  for (const [index, message] of messages.entries()) {
    if (index === 0) {
      // failIfNotExists: false: a question deleted meanwhile still gets its answer, just without the reply link.
      sent.push(await source.reply({ ...createOptions(message), allowedMentions: { parse: [], repliedUser: options.pingAuthor }, failIfNotExists: false }));
    } else if (source.channel.isSendable()) {
      sent.push(await source.channel.send(createOptions(message)));
    }
  }
  return sent;
}

export async function sendTo(channel: SendableChannels, messages: DiscordMessage[]): Promise<Message[]> {
  const sent: Message[] = [];
  for (const message of messages) sent.push(await channel.send(createOptions(message)));
  return sent;
}

/** Replaces everything in a message the bot posted; content is cleared when the new message has none. */
export async function editSent(sent: Message, message: DiscordMessage): Promise<Message> {
  return sent.edit({ content: message.content ?? "", embeds: message.embeds, components: message.components, allowedMentions: NO_PINGS });
}

/** Replaces everything in a deferred `/ask` reply. */
export async function editDeferred(interaction: ChatInputCommandInteraction, message: DiscordMessage): Promise<void> {
  await interaction.editReply({ content: message.content ?? "", embeds: message.embeds, components: message.components, allowedMentions: NO_PINGS });
}

/** Fills a deferred `/ask` reply with the first message; the rest follow up with the same visibility. */
export async function completeDeferred(interaction: ChatInputCommandInteraction, messages: DiscordMessage[], ephemeral: boolean): Promise<void> {
  const [first, ...rest] = messages;
  if (!first) return;
  await editDeferred(interaction, first);
  for (const message of rest) {
    await interaction.followUp({ content: message.content, embeds: message.embeds, components: message.components, allowedMentions: NO_PINGS, flags: ephemeral ? MessageFlags.Ephemeral : undefined });
  }
}

/**
 * Shows "citebot is typing…" until stopped. Discord drops the indicator after ~10 s, so it is renewed;
 * a failure only costs the indicator, never the answer.
 */
export function keepTyping(channel: SendableChannels, renewMs: number, onError: (error: unknown) => void): () => void {
  const type = () => void channel.sendTyping().catch(onError);
  type();
  const timer = setInterval(type, renewMs);
  return () => clearInterval(timer);
}
