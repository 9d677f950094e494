import { LRUCache } from "lru-cache";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { Turn } from "../engine/answer.js";
import type { AnswerStore, RecalledAnswer } from "../store/answers.js";
import { type EventClaims, HANDLED_EVENT_TTL_MS } from "../store/events.js";
import type { RateLimit, RateLimits } from "../store/rate-limits.js";
import type { ThreadStore } from "../store/threads.js";

/** What a conversation keeps between turns: the store's parts, or this process's memory when there is no store. */
export interface ConversationState {
  threads: ThreadStore;
  answers: AnswerStore;
  rateLimits: RateLimits;
}

export interface MemoryStateOptions {
  threadsRemembered: number;
  threadIdleMs: number;
  turnsKept: number;
  answersRemembered: number;
  answerIdleMs: number;
}

/**
 * The same parts held in this process's memory, for the terminal chat and tests: gone on restart and not shared
 * with another process. `npm start` uses the durable store instead.
 */
export function createMemoryState(options: MemoryStateOptions): ConversationState {
  const threads = new LRUCache<string, Turn[]>({ max: options.threadsRemembered, ttl: options.threadIdleMs, updateAgeOnGet: true, updateAgeOnHas: true });
  const answers = new LRUCache<string, RecalledAnswer>({ max: options.answersRemembered, ttl: options.answerIdleMs });
  const limiters = new Map<string, RateLimit>();
  return {
    threads: {
      async append(threadKey, turn) {
        threads.set(threadKey, [...(threads.get(threadKey) ?? []), turn].slice(-options.turnsKept));
      },
      async recent(threadKey, limit) {
        return (threads.get(threadKey) ?? []).slice(-limit);
      },
      async isActive(threadKey) {
        return threads.has(threadKey);
      },
    },
    answers: {
      async save(answerId, answer, message) {
        answers.set(answerId, { answer, message });
      },
      async recall(answerId) {
        return answers.get(answerId);
      },
    },
    rateLimits: {
      perMinute(name, perMinute) {
        const keyPrefix = `${name}:${perMinute}`;
        let limit = limiters.get(keyPrefix);
        if (!limit) {
          const limiter = new RateLimiterMemory({ keyPrefix, points: perMinute, duration: 60 });
          limit = {
            async take(key) {
              try {
                const res = await limiter.consume(key, 1);
                return { allowed: true, remaining: res.remainingPoints, retryAfterMs: 0 };
              } catch (outcome) {
                if (outcome instanceof RateLimiterRes) return { allowed: false, remaining: 0, retryAfterMs: outcome.msBeforeNext };
                throw outcome;
              }
            },
          };
          limiters.set(keyPrefix, limit);
        }
        return limit;
      },
    },
  };
}

/** Handled event ids in this process's memory: answers a retried event once, but only within one process. */
export function createMemoryEventClaims(remembered = 10_000): EventClaims {
  const claimed = new LRUCache<string, true>({ max: remembered, ttl: HANDLED_EVENT_TTL_MS });
  return {
    async claim(eventKey, ttlMs = HANDLED_EVENT_TTL_MS) {
      if (claimed.has(eventKey)) return false;
      claimed.set(eventKey, true, { ttl: ttlMs });
      return true;
    },
  };
}
