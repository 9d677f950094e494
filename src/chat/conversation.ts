import { randomBytes } from "node:crypto";
import type { Answer, Engine, Turn } from "../engine/answer.js";
import { CitebotError, ErrorCode, asCitebotError } from "../errors.js";
import type { Logger } from "../logger.js";
import { resolveOptions } from "../options.js";
import { cleanUserInput } from "./clean-input.js";
import { LRUCache } from "lru-cache";
import { z } from "zod";
import type { RecalledAnswer } from "../store/answers.js";
import type { IncomingMessage } from "./incoming-message.js";
import { type ConversationState, createMemoryState } from "./memory-state.js";
import type { Reply } from "./reply.js";
import type { KnowledgeHooks } from "./knowledge-hooks.js";

export interface ConversationOptions {
  /** Questions longer than this get a "please shorten it" (MAX_QUESTION_CHARS). */
  maxQuestionChars?: number;
  /** Questions one user may ask in any 60 s (RATE_LIMIT_PER_MINUTE). */
  rateLimitPerMinute?: number;
  /** An answer that takes longer is abandoned with an apology and a reference id (ANSWER_TIMEOUT_MS). */
  answerTimeoutMs?: number;
  /**
   * Without a store (the terminal chat, tests): conversations (threads, DMs, chat sessions) whose earlier turns are
   * kept in memory for follow-ups. With one, the store's retention settings apply instead.
   */
  threadsRemembered?: number;
  /** Without a store: a conversation idle this long is forgotten; a follow-up then starts afresh. */
  threadIdleMs?: number;
  /** Without a store: answers kept for their feedback buttons; a vote on one forgotten is rebuilt from its message. */
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
  /** Document sets, the admins' `gaps` and the questions log (src/knowledge); none when absent. */
  knowledge?: KnowledgeHooks;
  /** Threads, answers behind buttons and rate limits: the durable store's parts, shared by every process on it. Default: this process's memory. */
  state?: ConversationState;
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
  /** True once the bot has answered in this thread (in any process on the store), so follow-ups there need no mention. False when the store cannot say. */
  isActiveThread(threadKey: string): Promise<boolean>;
  /** What this process already knows without asking the store: a thread it answered in or found active. For routing, which is synchronous. */
  knowsThread(threadKey: string): boolean;
  /** The answer behind an answerId, for feedback buttons; undefined once past retention, or when the store cannot say. */
  recall(answerId: string): Promise<RecalledAnswer | undefined>;
  /** What the corpus covers, for `help`. */
  help(): string;
}

const HISTORY_TURNS = 4;
const THREADS_KNOWN_LOCALLY = 5_000;

/** A full engine queue (ErrorCode.Busy): nothing went wrong, so no reference id, just when to ask again. */
export const BUSY_TEXT = "I'm answering as many questions as I can right now. Please try again in a moment.";

export function createConversation({ engine, logger, now, knowledge = {}, state: givenState }: ConversationParts, given: ConversationOptions = {}): Conversation {
  const options = resolveOptions("createConversation", defaultConversationOptions, given, CONVERSATION_OPTION_CHECKS);
  const state = givenState ?? createMemoryState({ ...options, turnsKept: HISTORY_TURNS });
  const limiter = state.rateLimits.perMinute("questions", options.rateLimitPerMinute);
  const known = new LRUCache<string, true>({ max: THREADS_KNOWN_LOCALLY, ttl: options.threadIdleMs });

  // The store keeps the conversation going across restarts and replicas; when it fails, the question is still
  // answered (without its thread, or without working buttons) rather than apologised for.
  async function bestEffort<T>(work: () => Promise<T>, fallback: T, log: Logger, what: string): Promise<T> {
    try {
      return await work();
    } catch (error) {
      log.warn({ err: asCitebotError(error) }, `could not ${what}; carrying on without it`);
      return fallback;
    }
  }

  const help = () => {
    const titles = engine.topics().map((topic) => `• ${topic.title}`);
    if (titles.length === 0) return "I have no documents indexed yet. Add files to the corpus and run `npm run ingest`.";
    return ["Ask me a question in plain words and I'll answer from these documents, citing the section:", ...titles].join("\n");
  };

  async function answerWithin(question: string, history: Turn[], log: Logger, onPartial: HandleOptions["onPartial"], allowSource?: (source: string) => boolean): Promise<Answer> {
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
      return await Promise.race([engine.answer(question, { history, signal: controller.signal, ...(partial ? { onPartial: partial } : {}), ...(allowSource ? { allowSource } : {}) }), timeout]);
    } finally {
      open = false;
      clearTimeout(timer);
    }
  }

  async function handle(message: IncomingMessage, handleOptions: HandleOptions = {}): Promise<Reply> {
    const log = logger.child({ platform: message.platform, user: message.userId, channel: message.channelId });
    const startedAt = (now ?? Date.now)();
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
      const allowance = await bestEffort(() => limiter.take(`${message.platform}:${message.userId}`), { allowed: true, remaining: 0, retryAfterMs: 0 }, log, "check the rate limit");
      if (!allowance.allowed) {
        return { kind: "notice", reason: "rate_limited", text: "You're asking faster than I can keep up. Please wait a minute and ask again." };
      }
      const commanded = await knowledge.command?.(message, text);
      if (commanded) return commanded;
      const history = await bestEffort(() => state.threads.recent(message.threadKey, HISTORY_TURNS), [], log, "read the thread's earlier turns");
      const documents = knowledge.documentsFor?.(message);
      const answer = await answerWithin(text, history, log, handleOptions.onPartial, documents?.allowSource);
      // The engine folds a follow-up into its thread; the thread remembers the question as understood.
      const turn: Turn = { question: answer.understoodAs ?? text, answer: answer.answer, cited: answer.citations.map((citation) => citation.chunkId) };
      const answerId = randomBytes(6).toString("base64url");
      await Promise.all([
        bestEffort(() => state.threads.append(message.threadKey, turn), undefined, log, "remember the turn"),
        bestEffort(() => state.answers.save(answerId, answer, message), undefined, log, "keep the answer for its buttons"),
      ]);
      known.set(message.threadKey, true);
      log.info({ answerId, grounded: answer.grounded, citations: answer.citations.length, ms: Math.round(answer.timings.totalMs) }, "answered");
      knowledge.answered?.({ message, question: text, answer, answerId, latencyMs: (now ?? Date.now)() - startedAt, ...(documents ? { documentSet: documents.name } : {}) });
      return { kind: "answer", answer, answerId, ...(knowledge.offersEscalation?.(message) ? { escalate: true } : {}) };
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
    async isActiveThread(threadKey) {
      if (known.has(threadKey)) return true;
      const active = await bestEffort(() => state.threads.isActive(threadKey), false, logger, "look the thread up in the store");
      if (active) known.set(threadKey, true);
      return active;
    },
    knowsThread: (threadKey) => known.has(threadKey),
    recall: (answerId) => bestEffort(() => state.answers.recall(answerId), undefined, logger, "recall the answer behind a button"),
    help,
  };
}
