import type { Message } from "discord.js";
import type { Conversation } from "../../chat/conversation.js";
import { claimEvent } from "../../chat/claim-event.js";
import type { Drain } from "../../chat/drain.js";
import { createLiveMessage } from "../../chat/live-message.js";
import { LRUCache } from "lru-cache";
import { cleanUserInput } from "../../chat/clean-input.js";
import { ABANDONED, RESTARTING } from "../../chat/restart-notices.js";
import { deliveryBudget } from "../../chat/retry.js";
import type { Reply } from "../../chat/reply.js";
import type { Logger } from "../../logger.js";
import type { EventClaims } from "../../store/events.js";
import { type DiscordMessage, toDiscordMessages } from "./embeds.js";
import { DISCORD_THREAD_NAME_MAX, DISCORD_TYPING_RENEW_MS } from "./limits.js";
import { DISCORD_PARTIAL_EDIT_INTERVAL_MS, partialMessage } from "./partial-message.js";
import { IncomingDiscordMessage } from "./payloads.js";
import { deliveryApology, newReferenceId, refusal } from "./refusals.js";
import { routeMessage, type RoutingSettings } from "./routing.js";
import { type DiscordEscalation, takeExpertReply } from "./on-escalate.js";
import { type RetryUntil, editSent, keepTyping, replyTo, sendTo, withDiscordRetry } from "./send.js";
import { truncate } from "./truncate.js";
import { discordTextToPlain, mentionsUser } from "./incoming-text.js";

const QUESTIONS_REMEMBERED = 1_000;
/** Threads already looked up; a thread joins memory through a mention, which needs no lookup. */
const THREADS_CHECKED = 5_000;
/** Recent messages read from a thread to see whether the bot answered in it (Discord's maximum per request). */
const THREAD_MESSAGES_READ = 100;
const THREAD_LOOKUP_MS = 5_000;
/** Notices while stopping are sent within the drain's own time limit. */
const NOTICE_RETRY_MS = 5_000;

export interface MessageHandlerOptions {
  conversation: Conversation;
  /** Message ids already handled, by this process or another on the store. */
  events: EventClaims;
  logger: Logger;
  settings: Omit<RoutingSettings, "botUserId">;
  /** Bot message id or bot-started thread id → the conversation (threadKey) it belongs to. */
  conversations: LRUCache<string, string>;
  drain: Drain;
  /** DELIVERY_RETRY_MS: how long a reply may keep retrying through an outage. */
  deliveryRetryMs: number;
  /** ESCALATION_DISCORD_CHANNEL: replies there are the experts', recorded, never questions. */
  escalation?: DiscordEscalation;
}

/** Handles one MESSAGE_CREATE; never rejects, and every question it takes ends in a visible message. */
export function createMessageHandler(options: MessageHandlerOptions): (message: Message) => Promise<void> {
  const { conversation, conversations, events, settings, drain } = options;
  /** Question message id → its conversation, until the answer to it is known. */
  const questions = new LRUCache<string, string>({ max: QUESTIONS_REMEMBERED });
  const threadsChecked = new LRUCache<string, boolean>({ max: THREADS_CHECKED });

  /**
   * Discord may deliver the bot's own reply over the gateway (and a person may reply to it) before the
   * REST call that posted it returns; the echo ties the reply to its question's conversation early.
   */
  function rememberEcho(echo: IncomingDiscordMessage): void {
    const threadKey = echo.referencedMessageId ? questions.get(echo.referencedMessageId) : undefined;
    if (threadKey) conversations.set(echo.id, threadKey);
  }

  /**
   * Whether the bot has a message among a thread's recent ones, asked of Discord when the thread is not in memory
   * (as after a restart). A failed lookup is logged and answered "no", so it never makes the bot answer in threads
   * it was never part of.
   */
  async function botInThread(message: Message, botUserId: string, log: Logger): Promise<boolean> {
    const known = threadsChecked.get(message.channelId);
    if (known !== undefined) return known;
    try {
      const recent = await withDiscordRetry(
        () => message.channel.messages.fetch({ limit: THREAD_MESSAGES_READ, before: message.id }),
        { deadline: Date.now() + THREAD_LOOKUP_MS, logger: log },
        "reading a thread's messages",
      );
      const ours = recent.some((earlier) => earlier.author.id === botUserId);
      threadsChecked.set(message.channelId, ours);
      if (ours) log.info("found the bot's answer in a thread it had no memory of; answering the follow-up");
      return ours;
    } catch (error) {
      log.warn({ err: error }, "could not read the thread to see whether the bot answered in it; leaving the message unanswered");
      return false;
    }
  }

  return async function onMessage(message) {
    const botUserId = message.client.user.id;
    const log = options.logger.child({ message: message.id, channel: message.channelId });
    const facts = IncomingDiscordMessage.safeParse(readMessage(message, botUserId));
    if (!facts.success) {
      log.warn({ issues: facts.error.issues }, "ignored a message Discord sent in an unexpected shape");
      return;
    }
    if (options.escalation && (await takeExpertReply(facts.data, botUserId, options.escalation, log))) return;
    let route = routeMessage(facts.data, { ...settings, botUserId }, {
      isActiveThread: (key) => conversation.knowsThread(key),
      conversationOf: (id) => conversations.get(id),
    });
    if (route.action === "ignore") {
      if (facts.data.authorId === botUserId) rememberEcho(facts.data);
      return;
    }
    if (!(await claimEvent(events, `discord:message:${facts.data.id}`, log))) {
      log.debug("message already handled by another process");
      return;
    }
    if (route.action === "check_thread") {
      if (!(await conversation.isActiveThread(route.threadKey)) && !(await botInThread(message, botUserId, log))) return;
      route = { action: "answer", delivery: "reply", threadKey: route.threadKey };
    }

    const remember = (sent: Message[], threadKey: string) => sent.forEach((reply) => conversations.set(reply.id, threadKey));
    if (route.action === "refuse") {
      log.info({ reason: route.reason }, "refused a question");
      await replyTo(message, toDiscordMessages(refusal(route.reason, settings)), { pingAuthor: false }).catch((error: unknown) => log.error({ err: error }, "could not post the refusal"));
      return;
    }
    const notice = (reply: Reply) =>
      replyTo(message, toDiscordMessages(reply), { pingAuthor: false, retry: { deadline: Date.now() + NOTICE_RETRY_MS, logger: log } }).catch((error: unknown) =>
        log.error({ err: error }, "could not tell the asker the bot is restarting"),
      );
    if (drain.draining) {
      log.info("told the asker the bot is restarting");
      await notice(RESTARTING);
      return;
    }
    const threadKey = route.threadKey;
    const delivery = route.delivery;
    await drain.track(
      answer(message, facts.data, { threadKey, delivery }, botUserId, remember, log),
      () => notice(ABANDONED),
    );
  };

  async function answer(
    message: Message,
    facts: IncomingDiscordMessage,
    route: { threadKey: string; delivery: "dm" | "reply" | "new_thread" },
    botUserId: string,
    remember: (sent: Message[], threadKey: string) => void,
    log: Logger,
  ): Promise<void> {
    let budget = deliveryBudget(options.deliveryRetryMs);
    try {
      questions.set(facts.id, route.threadKey);
      const channel = message.channel;
      if (!channel.isSendable()) {
        log.warn("cannot send to this channel; question left unanswered");
        return;
      }

      /** Posts where this question's answer belongs: the DM, a new thread off the question, or a reply to it. */
      const post = async (messages: DiscordMessage[], kind: Reply["kind"], retry?: RetryUntil): Promise<Message[]> => {
        if (route.delivery === "dm") return sendTo(channel, messages, retry);
        if (route.delivery === "new_thread" && kind === "answer") {
          const thread = await message.startThread({ name: threadName(facts.content, botUserId) }).catch((error: unknown) => {
            log.warn({ err: error }, "could not start a thread (missing Create Public Threads permission?); replying in the channel instead");
            return undefined;
          });
          if (thread) {
            // Follow-ups in the thread continue the conversation the question started.
            conversations.set(thread.id, route.threadKey);
            return sendTo(thread, messages, retry);
          }
        }
        return replyTo(message, messages, { pingAuthor: kind !== "notice", retry });
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
            userId: facts.authorId,
            channelId: facts.channelId,
            threadKey: route.threadKey,
            text: discordTextToPlain(facts.content, botUserId, (id) => channelName(message, id)),
            isDirect: route.delivery === "dm",
            ...(facts.guildId ? { guildId: facts.guildId } : {}),
            ...(facts.parentId ? { parentChannelId: facts.parentId } : {}),
          },
          { onPartial: live.show },
        );
      } finally {
        stopTyping();
        placeholder = await live.close();
      }
      // The delivery budget runs from when the reply is ready, not from when the question came in.
      budget = deliveryBudget(options.deliveryRetryMs);
      const retry = { deadline: budget.answerDeadline, logger: log };
      const messages = toDiscordMessages(reply);
      if (placeholder && (await replaceStreamed(placeholder, messages, (sent) => remember(sent, route.threadKey), retry, log))) return;
      remember(await post(messages, reply.kind, retry), route.threadKey);
    } catch (error) {
      const referenceId = newReferenceId();
      log.error({ err: error, referenceId }, "could not post the reply");
      await replyTo(message, toDiscordMessages(deliveryApology(referenceId)), { pingAuthor: false, retry: { deadline: budget.apologyDeadline, logger: log } }).catch((again: unknown) =>
        log.error({ err: again, referenceId }, "could not post the apology either"),
      );
    }
  }
}

/**
 * Replaces the answer in progress with the final messages (the first edited in, the rest sent after it); false when
 * that failed, after deleting the unchecked text if possible, so the caller posts the final messages anew.
 */
async function replaceStreamed(placeholder: Message, messages: DiscordMessage[], remember: (sent: Message[]) => void, retry: RetryUntil, log: Logger): Promise<boolean> {
  const [first, ...rest] = messages;
  try {
    if (!first) throw new Error("no final message to show");
    await editSent(placeholder, first, retry);
  } catch (error) {
    log.warn({ err: error }, "could not replace the answer in progress with the final reply; posting it anew");
    // The placeholder holds unchecked text, which must not stand as if it were the answer.
    await placeholder.delete().catch((again: unknown) => log.warn({ err: again }, "could not delete the answer in progress"));
    return false;
  }
  const channel = placeholder.channel;
  if (rest.length > 0 && channel.isSendable()) remember(await sendTo(channel, rest, retry));
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
    referencedAuthorId: message.mentions?.repliedUser?.id ?? null,
    threadOwnerId: channel.isThread() ? (channel.ownerId ?? null) : null,
  };
}

/** The name of a channel the message mentions, as Discord resolved it. */
function channelName(message: Message, id: string): string | undefined {
  const channel = message.mentions?.channels?.get(id);
  return channel && "name" in channel && typeof channel.name === "string" ? channel.name : undefined;
}

function threadName(content: string, botUserId: string): string {
  const question = cleanUserInput(discordTextToPlain(content, botUserId)).text || "Question for citebot";
  return truncate(question, DISCORD_THREAD_NAME_MAX);
}
