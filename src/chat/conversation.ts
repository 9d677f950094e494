import { randomBytes } from "node:crypto";
import type { Config } from "../config.js";
import type { Answer, Engine, Turn } from "../engine/answer.js";
import { CitebotError, ErrorCode, asCitebotError } from "../errors.js";
import type { Logger } from "../logger.js";
import { cleanUserInput } from "./clean-input.js";
import { Lru } from "./lru.js";
import { stripBotMention } from "./mentions.js";
import { createRateLimiter } from "./rate-limit.js";
import type { IncomingMessage, Reply } from "./types.js";

export interface ConversationOptions {
  engine: Engine;
  logger: Logger;
  maxQuestionChars: number;
  rateLimitPerMinute: number;
  answerTimeoutMs: number;
  now?: () => number;
}

export interface HandleOptions {
  /**
   * Receives the answer text so far while an LLM generator writes it; never called once `handle` has settled or
   * the answer timed out, and its errors are logged, never the user's problem. Without a generator it is not called.
   */
  onPartial?: (text: string) => void;
}

/** The conversation limits the settings name. */
export function conversationLimits(config: Config): Pick<ConversationOptions, "maxQuestionChars" | "rateLimitPerMinute" | "answerTimeoutMs"> {
  return { maxQuestionChars: config.MAX_QUESTION_CHARS, rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE, answerTimeoutMs: config.ANSWER_TIMEOUT_MS };
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
const THREADS_REMEMBERED = 5_000;
const ANSWERS_REMEMBERED = 5_000;

export function createConversation(options: ConversationOptions): Conversation {
  const { engine, logger } = options;
  const limiter = createRateLimiter(options.rateLimitPerMinute, options.now);
  const threads = new Lru<string, Turn[]>(THREADS_REMEMBERED);
  const answers = new Lru<string, { answer: Answer; message: IncomingMessage }>(ANSWERS_REMEMBERED);

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
      const { text, looksBinary } = cleanUserInput(stripBotMention(message.text ?? "", message.botUserId));
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
