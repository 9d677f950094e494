import { randomBytes } from "node:crypto";
import type { Answer, Engine, Turn } from "../engine/answer.js";
import { CitebotError, ErrorCode, asCitebotError } from "../errors.js";
import type { Logger } from "../logger.js";
import { resolveOptions } from "../options.js";
import { cleanUserInput } from "./clean-input.js";
import { LRUCache } from "lru-cache";
import { z } from "zod";
import { createRateLimiter } from "./rate-limit.js";
import type { IncomingMessage } from "./incoming-message.js";
import type { Reply } from "./reply.js";

export interface ConversationOptions {
  /** Questions longer than this get a "please shorten it" (MAX_QUESTION_CHARS). */
  maxQuestionChars?: number;
  /** Questions one user may ask in any 60 s (RATE_LIMIT_PER_MINUTE). */
  rateLimitPerMinute?: number;
  /** An answer that takes longer is abandoned with an apology and a reference id (ANSWER_TIMEOUT_MS). */
  answerTimeoutMs?: number;
  /** Conversations (threads, DMs, chat sessions) whose earlier turns are kept for follow-ups. */
  threadsRemembered?: number;
  /** A conversation idle this long is forgotten; a follow-up then starts afresh. */
  threadIdleMs?: number;
  /** Answers kept for their feedback buttons; a vote on one forgotten is rebuilt from its message. */
  answersRemembered?: number;
  answerIdleMs?: number;
}

export const defaultConversationOptions = {
  maxQuestionChars: 1_000,
  rateLimitPerMinute: 8,
  answerTimeoutMs: 15_000,
  threadsRemembered: 5_000,
  threadIdleMs: 24 * 60 * 60_000,
  answersRemembered: 5_000,
  answerIdleMs: 24 * 60 * 60_000,
} as const satisfies Required<ConversationOptions>;

const CONVERSATION_OPTION_CHECKS = {
  maxQuestionChars: z.number().int().min(1),
  rateLimitPerMinute: z.number().int().min(1),
  answerTimeoutMs: z.number().int().min(1),
  threadsRemembered: z.number().int().min(1),
  threadIdleMs: z.number().int().min(1),
  answersRemembered: z.number().int().min(1),
  answerIdleMs: z.number().int().min(1),
};

export interface ConversationParts {
  engine: Engine;
  logger: Logger;
  now?: () => number;
}

export interface HandleOptions {
  /**
   * Receives the answer text so far while an LLM generator writes it; never called once `handle` has settled or
   * the answer timed out, and its errors are logged, never the user's problem. Without a generator it is not called.
   */
  onPartial?: (text: string) => void;
}

export interface Conversation {
  /** Never rejects: every path ends in a Reply that the adapter makes visible. */
  handle(message: IncomingMessage, options?: HandleOptions): Promise<Reply>;
  /** True once the bot has answered in this thread, so follow-ups there need no mention. */
  isActiveThread(threadKey: string): boolean;
  /** The answer behind an answerId, for feedback buttons; undefined once evicted. */
  recall(answerId: string): { answer: Answer; message: IncomingMessage } | undefined;
  /** What the corpus covers, for `help`. */
  help(): string;
}

const HISTORY_TURNS = 4;

/** A full engine queue (ErrorCode.Busy): nothing went wrong, so no reference id, just when to ask again. */
export const BUSY_TEXT = "I'm answering as many questions as I can right now. Please try again in a moment.";

export function createConversation({ engine, logger, now }: ConversationParts, given: ConversationOptions = {}): Conversation {
  const options = resolveOptions("createConversation", defaultConversationOptions, given, CONVERSATION_OPTION_CHECKS);
  const limiter = createRateLimiter(options.rateLimitPerMinute, now);
  const threads = new LRUCache<string, Turn[]>({ max: options.threadsRemembered, ttl: options.threadIdleMs, updateAgeOnGet: true, updateAgeOnHas: true });
  const answers = new LRUCache<string, { answer: Answer; message: IncomingMessage }>({ max: options.answersRemembered, ttl: options.answerIdleMs });

  const help = () => {
    const titles = engine.topics().map((topic) => `• ${topic.title}`);
    if (titles.length === 0) return "I have no documents indexed yet. Add files to the corpus and run `npm run ingest`.";
    return ["Ask me a question in plain words and I'll answer from these documents, citing the section:", ...titles].join("\n");
  };

  async function answerWithin(question: string, history: Turn[], log: Logger, onPartial: HandleOptions["onPartial"]): Promise<Answer> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new CitebotError(ErrorCode.AnswerTimeout, `No answer within ${options.answerTimeoutMs} ms`));
      }, options.answerTimeoutMs);
    });
    // Partial text must stop once the final reply is on its way, or a late one could overwrite it.
    let open = true;
    const partial = onPartial
      ? (text: string) => {
          if (!open || controller.signal.aborted) return;
          try {
            onPartial(text);
          } catch (error) {
            log.warn({ err: asCitebotError(error) }, "could not show partial answer text; the final answer still follows");
          }
        }
      : undefined;
    try {
      return await Promise.race([engine.answer(question, { history, signal: controller.signal, ...(partial ? { onPartial: partial } : {}) }), timeout]);
    } finally {
      open = false;
      clearTimeout(timer);
    }
  }

  async function handle(message: IncomingMessage, handleOptions: HandleOptions = {}): Promise<Reply> {
    const log = logger.child({ platform: message.platform, user: message.userId, channel: message.channelId });
    try {
      const { text, looksBinary } = cleanUserInput(message.text ?? "");
      if (looksBinary) {
        return { kind: "notice", reason: "empty", text: "That looks like binary data rather than a question. Please ask in plain words." };
      }
      if (text.length === 0) {
        return { kind: "notice", reason: "empty", text: "Ask me a question about our docs, for example: “Is Django a good fit for a high-traffic site?” Say `help` to see what I know." };
      }
      if (/^(help|\?|what do you know\??)$/i.test(text)) return { kind: "notice", reason: "help", text: help() };
      if (text.length > options.maxQuestionChars) {
        return {
          kind: "notice",
          reason: "too_long",
          text: `That question is ${text.length.toLocaleString("en")} characters; I read up to ${options.maxQuestionChars.toLocaleString("en")}. Please ask it in fewer words.`,
        };
      }
      if (!limiter.tryTake(`${message.platform}:${message.userId}`)) {
        return { kind: "notice", reason: "rate_limited", text: "You're asking faster than I can keep up. Please wait a minute and ask again." };
      }
      const history = threads.get(message.threadKey) ?? [];
      const answer = await answerWithin(text, history.slice(-HISTORY_TURNS), log, handleOptions.onPartial);
      // The engine folds a follow-up into its thread; the thread remembers the question as understood.
      threads.set(message.threadKey, [...history, { question: answer.understoodAs ?? text, answer: answer.answer, cited: answer.citations.map((citation) => citation.chunkId) }].slice(-HISTORY_TURNS));
      const answerId = randomBytes(6).toString("base64url");
      answers.set(answerId, { answer, message });
      log.info({ answerId, grounded: answer.grounded, citations: answer.citations.length, ms: Math.round(answer.timings.totalMs) }, "answered");
      return { kind: "answer", answer, answerId };
    } catch (error) {
      const coded = asCitebotError(error);
      if (coded.code === ErrorCode.Busy) {
        log.warn({ code: coded.code }, "every engine worker is busy and the queue is full; asked to try again");
        return { kind: "notice", reason: "busy", text: BUSY_TEXT };
      }
      const referenceId = `E-${randomBytes(4).toString("hex").toUpperCase()}`;
      log.error({ err: coded, code: coded.code, referenceId }, "could not answer");
      const text =
        coded.code === ErrorCode.AnswerTimeout
          ? `Sorry, that took too long to answer. Please try again in a moment. (reference ${referenceId})`
          : `Sorry, something went wrong while answering. The team can look it up with reference ${referenceId}.`;
      return { kind: "error", referenceId, text };
    }
  }

  return {
    handle,
    isActiveThread: (threadKey) => threads.has(threadKey),
    recall: (answerId) => answers.get(answerId),
    help,
  };
}
