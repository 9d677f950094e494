import type { Message } from "discord.js";
import type { Conversation } from "../../chat/conversation.js";
import { createLiveMessage } from "../../chat/live-message.js";
import { Lru } from "../../chat/lru.js";
import { mentionsUser, stripBotMention } from "../../chat/mentions.js";
import { cleanUserInput } from "../../chat/clean-input.js";
import type { Reply } from "../../chat/types.js";
import type { Logger } from "../../logger.js";
import { type DiscordMessage, toDiscordMessages } from "./embeds.js";
import { DISCORD_THREAD_NAME_MAX, DISCORD_TYPING_RENEW_MS } from "./limits.js";
import { DISCORD_PARTIAL_EDIT_INTERVAL_MS, partialMessage } from "./partial-message.js";
import { IncomingDiscordMessage } from "./payloads.js";
import { deliveryApology, newReferenceId, refusal } from "./refusals.js";
import { routeMessage, type RoutingSettings } from "./routing.js";
import { editSent, keepTyping, replyTo, sendTo } from "./send.js";
import { truncate } from "./truncate.js";

const QUESTIONS_REMEMBERED = 1_000;

export interface MessageHandlerOptions {
  conversation: Conversation;
  logger: Logger;
  settings: Omit<RoutingSettings, "botUserId">;
  /** Bot message id or bot-started thread id → the conversation (threadKey) it belongs to. */
  conversations: Lru<string, string>;
}

/** Handles one MESSAGE_CREATE; never rejects, and every question it takes ends in a visible message. */
export function createMessageHandler(options: MessageHandlerOptions): (message: Message) => Promise<void> {
  const { conversation, conversations, settings } = options;
  /** Question message id → its conversation, until the answer to it is known. */
  const questions = new Lru<string, string>(QUESTIONS_REMEMBERED);

  /**
   * Discord may deliver the bot's own reply over the gateway (and a person may reply to it) before the
   * REST call that posted it returns; the echo ties the reply to its question's conversation early.
   */
  function rememberEcho(echo: IncomingDiscordMessage): void {
    const threadKey = echo.referencedMessageId ? questions.get(echo.referencedMessageId) : undefined;
    if (threadKey) conversations.set(echo.id, threadKey);
  }

  return async function onMessage(message) {
    const botUserId = message.client.user.id;
    const log = options.logger.child({ message: message.id, channel: message.channelId });
    const facts = IncomingDiscordMessage.safeParse(readMessage(message, botUserId));
    if (!facts.success) {
      log.warn({ issues: facts.error.issues }, "ignored a message Discord sent in an unexpected shape");
      return;
    }
    const route = routeMessage(facts.data, { ...settings, botUserId }, {
      isActiveThread: (key) => conversation.isActiveThread(key),
      conversationOf: (id) => conversations.get(id),
    });
    if (route.action === "ignore") {
      if (facts.data.authorId === botUserId) rememberEcho(facts.data);
      return;
    }

    const remember = (sent: Message[], threadKey: string) => sent.forEach((reply) => conversations.set(reply.id, threadKey));
    try {
      if (route.action === "refuse") {
        log.info({ reason: route.reason }, "refused a question");
        await replyTo(message, toDiscordMessages(refusal(route.reason, settings)), { pingAuthor: false });
        return;
      }
      questions.set(facts.data.id, route.threadKey);
      const channel = message.channel;
      if (!channel.isSendable()) {
        log.warn("cannot send to this channel; question left unanswered");
        return;
      }

      /** Posts where this question's answer belongs: the DM, a new thread off the question, or a reply to it. */
      const post = async (messages: DiscordMessage[], kind: Reply["kind"]): Promise<Message[]> => {
        if (route.delivery === "dm") return sendTo(channel, messages);
        if (route.delivery === "new_thread" && kind === "answer") {
          const thread = await message.startThread({ name: threadName(facts.data.content, botUserId) }).catch((error: unknown) => {
            log.warn({ err: error }, "could not start a thread (missing Create Public Threads permission?); replying in the channel instead");
            return undefined;
          });
          if (thread) {
            // Follow-ups in the thread continue the conversation the question started.
            conversations.set(thread.id, route.threadKey);
            return sendTo(thread, messages);
          }
        }
        return replyTo(message, messages, { pingAuthor: kind !== "notice" });
      };

      // While an LLM writes the answer, its text so far is posted once and edited until the final answer replaces it.
      const live = createLiveMessage<Message>(
        {
          post: async (text) => {
            const [sent] = await post([partialMessage(text)], "answer");
            if (!sent) throw new Error("Discord returned no message for the answer in progress");
            remember([sent], route.threadKey);
            return sent;
          },
          edit: (sent, text) => editSent(sent, partialMessage(text)),
        },
        { minIntervalMs: DISCORD_PARTIAL_EDIT_INTERVAL_MS, logger: log },
      );
      const stopTyping = keepTyping(channel, DISCORD_TYPING_RENEW_MS, (error) => log.debug({ err: error }, "typing indicator failed"));
      let reply: Reply;
      let placeholder: Message | undefined;
      try {
        reply = await conversation.handle(
          {
            platform: "discord",
            userId: facts.data.authorId,
            channelId: facts.data.channelId,
            threadKey: route.threadKey,
            text: facts.data.content,
            botUserId,
            isDirect: route.delivery === "dm",
          },
          { onPartial: live.show },
        );
      } finally {
        stopTyping();
        placeholder = await live.close();
      }
      const messages = toDiscordMessages(reply);
      if (placeholder && (await replaceStreamed(placeholder, messages, (sent) => remember(sent, route.threadKey), log))) return;
      remember(await post(messages, reply.kind), route.threadKey);
    } catch (error) {
      const referenceId = newReferenceId();
      log.error({ err: error, referenceId }, "could not post the reply");
      await replyTo(message, toDiscordMessages(deliveryApology(referenceId)), { pingAuthor: false }).catch((again: unknown) =>
        log.error({ err: again, referenceId }, "could not post the apology either"),
      );
    }
  };
}

/**
 * Replaces the answer in progress with the final messages (the first edited in, the rest sent after it); false when
 * that failed, after deleting the unchecked text if possible, so the caller posts the final messages anew.
 */
async function replaceStreamed(placeholder: Message, messages: DiscordMessage[], remember: (sent: Message[]) => void, log: Logger): Promise<boolean> {
  const [first, ...rest] = messages;
  try {
    if (!first) throw new Error("no final message to show");
    await editSent(placeholder, first);
  } catch (error) {
    log.warn({ err: error }, "could not replace the answer in progress with the final reply; posting it anew");
    // The placeholder holds unchecked text, which must not stand as if it were the answer.
    await placeholder.delete().catch((again: unknown) => log.warn({ err: again }, "could not delete the answer in progress"));
    return false;
  }
  const channel = placeholder.channel;
  if (rest.length > 0 && channel.isSendable()) remember(await sendTo(channel, rest));
  return true;
}

function readMessage(message: Message, botUserId: string): unknown {
  const channel = message.channel;
  return {
    id: message.id,
    channelId: message.channelId,
    guildId: message.guildId,
    channelKind: channel.isDMBased() ? "dm" : channel.isThread() ? "thread" : "channel",
    parentId: channel.isThread() ? channel.parentId : null,
    // Read defensively: zod (not a TypeError) should say what a malformed dispatch lacks.
    authorId: message.author?.id,
    authorIsBot: message.author?.bot,
    webhookId: message.webhookId,
    system: message.system,
    content: message.content,
    // From the text, not message.mentions: replying to the bot pings it without anyone typing its name.
    mentionsBot: typeof message.content === "string" && mentionsUser(message.content, botUserId),
    referencedMessageId: message.reference?.messageId ?? null,
  };
}

function threadName(content: string, botUserId: string): string {
  const question = cleanUserInput(stripBotMention(content, botUserId)).text || "Question for citebot";
  return truncate(question, DISCORD_THREAD_NAME_MAX);
}
