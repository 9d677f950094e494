import { LRUCache } from "lru-cache";
import { CitebotError, ErrorCode } from "../errors.js";
import type { Answer, AnswerOptions, Engine } from "./answer.js";

export interface AnswerCacheOptions {
  /** Answers kept; the least recently asked go first. */
  maxEntries?: number;
  /** The index generation answering now: part of the key, so a reload never serves an answer from the old documents. */
  generation?: () => string | undefined;
}

export const defaultAnswerCacheOptions = { maxEntries: 1_000 } as const satisfies AnswerCacheOptions;

/**
 * An Engine that answers a question it has answered before from memory: the same text (up to spacing and
 * Unicode form), the same conversation so far, the same index generation. Case and punctuation stay in the
 * key because the engine reads them (a capitalised word may be a name). Only settled answers are kept: two
 * askers of a new question both reach the engine, so one's cancellation never fails the other.
 */
export function cacheAnswers(engine: Engine & { readonly generation?: string }, options: AnswerCacheOptions = {}): Engine & { readonly generation?: string; readonly size: number } {
  const maxEntries = options.maxEntries ?? defaultAnswerCacheOptions.maxEntries;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new Error(`cacheAnswers: maxEntries must be a positive integer, not ${maxEntries}`);
  const generation = options.generation ?? (() => engine.generation);
  const answers = new LRUCache<string, Answer>({ max: maxEntries });
  return {
    get generation() {
      return engine.generation;
    },
    get size() {
      return answers.size;
    },
    topics: () => engine.topics(),
    async answer(question: string, answerOptions: AnswerOptions = {}): Promise<Answer> {
      if (answerOptions.signal?.aborted) throw new CitebotError(ErrorCode.AnswerTimeout, "The answer was cancelled");
      // An option the key cannot hold (a function restricting the documents, say) must never share an answer.
      if (Object.keys(answerOptions).some((name) => !KEYED_OPTIONS.has(name))) return engine.answer(question, answerOptions);
      const key = cacheKey(question, answerOptions, generation());
      const cached = answers.get(key);
      if (cached) return { ...cached, question };
      const answer = await engine.answer(question, answerOptions);
      answers.set(key, answer);
      return answer;
    },
  };
}

/** The options a key accounts for (signal and onPartial change how an answer arrives, not what it says). */
const KEYED_OPTIONS: ReadonlySet<string> = new Set(["history", "extractiveOnly", "signal", "onPartial"] satisfies Array<keyof AnswerOptions>);

/** Generation, flags, conversation and question, spacing and Unicode form normalised. */
export function cacheKey(question: string, options: AnswerOptions, generation: string | undefined): string {
  const history = (options.history ?? []).map((turn) => [normalise(turn.question), turn.answer ?? null, turn.cited ?? []]);
  return JSON.stringify([generation ?? null, options.extractiveOnly === true, history, normalise(question)]);
}

function normalise(text: string): string {
  return text.normalize("NFC").replace(/\s+/gu, " ").trim();
}
