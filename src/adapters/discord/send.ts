import {
  MessageFlags,
  type ChatInputCommandInteraction,
  type InteractionReplyOptions,
  type Message,
  type MessageCreateOptions,
  type MessageMentionOptions,
  type SendableChannels,
} from "discord.js";
import { defaultBackoff, retryTransient } from "../../chat/retry.js";
import type { Logger } from "../../logger.js";
import type { DiscordMessage } from "./embeds.js";
import { classifyDiscordError } from "./transient.js";

/** No @everyone/@here, role or user can be pinged by anything the bot sends, whatever its text says. */
export const NO_PINGS: MessageMentionOptions = { parse: [], repliedUser: false };

function createOptions(message: DiscordMessage): MessageCreateOptions {
  return { content: message.content, embeds: message.embeds, components: message.components, allowedMentions: NO_PINGS };
}

/** Retry each send through an outage (5xx, network, long rate limits) with backoff until `deadline`. */
export interface RetryUntil {
  deadline: number;
  logger: Logger;
}

/**
 * One REST call, retried per `retry` when given. Each message of a reply is retried on its own, so a message that
 * went through is never sent twice.
 */
export function withDiscordRetry<T>(call: () => Promise<T>, retry: RetryUntil | undefined, what: string): Promise<T> {
  if (!retry) return call();
  return retryTransient(call, classifyDiscordError, {
    deadline: retry.deadline,
    ...defaultBackoff,
    onRetry: ({ attempt, delayMs, reason }) => retry.logger.warn({ attempt, retryInMs: delayMs, reason }, `${what} failed; retrying`),
  });
}

export interface ReplyOptions {
  /** Notify the asker by pinging them in the reply (and nobody else). */
  pingAuthor: boolean;
  retry?: RetryUntil;
}

/** Posts the first message as a reply to `source` and any others after it in the same channel. */
export async function replyTo(source: Message, messages: DiscordMessage[], options: ReplyOptions): Promise<Message[]> {
  const sent: Message[] = [];
  for (const [index, message] of messages.entries()) {
    if (index === 0) {
      // failIfNotExists: false: a question deleted meanwhile still gets its answer, just without the reply link.
      const reply = { ...createOptions(message), allowedMentions: { parse: [], repliedUser: options.pingAuthor }, failIfNotExists: false };
      sent.push(await withDiscordRetry(() => source.reply(reply), options.retry, "posting a reply to Discord"));
    } else if (source.channel.isSendable()) {
      const channel = source.channel;
      sent.push(await withDiscordRetry<Message>(() => channel.send(createOptions(message)), options.retry, "posting a reply to Discord"));
    }
  }
  return sent;
}

export async function sendTo(channel: SendableChannels, messages: DiscordMessage[], retry?: RetryUntil): Promise<Message[]> {
  const sent: Message[] = [];
  for (const message of messages) sent.push(await withDiscordRetry<Message>(() => channel.send(createOptions(message)), retry, "posting a message to Discord"));
  return sent;
}

/** Replaces everything in a message the bot posted; content is cleared when the new message has none. */
export async function editSent(sent: Message, message: DiscordMessage, retry?: RetryUntil): Promise<Message> {
  return withDiscordRetry(() => sent.edit({ content: message.content ?? "", embeds: message.embeds, components: message.components, allowedMentions: NO_PINGS }), retry, "editing a reply");
}

/** Replaces everything in a deferred `/ask` reply. */
export async function editDeferred(interaction: ChatInputCommandInteraction, message: DiscordMessage, retry?: RetryUntil): Promise<void> {
  await withDiscordRetry(
    () => interaction.editReply({ content: message.content ?? "", embeds: message.embeds, components: message.components, allowedMentions: NO_PINGS }),
    retry,
    "filling in an /ask reply",
  );
}

/** Fills a deferred `/ask` reply with the first message; the rest follow up with the same visibility. */
export async function completeDeferred(interaction: ChatInputCommandInteraction, messages: DiscordMessage[], ephemeral: boolean, retry?: RetryUntil): Promise<void> {
  const [first, ...rest] = messages;
  if (!first) return;
  await editDeferred(interaction, first, retry);
  for (const message of rest) {
    const followUp: InteractionReplyOptions = {
      content: message.content,
      embeds: message.embeds,
      components: message.components,
      allowedMentions: NO_PINGS,
      flags: ephemeral ? MessageFlags.Ephemeral : undefined,
    };
    await withDiscordRetry(() => interaction.followUp(followUp), retry, "posting an /ask follow-up");
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
