import type fc from "fast-check";
import type { Reply } from "../../src/chat/reply.js";
import type { ScriptedEngineOptions, scriptedEngine } from "../fakes/engine.js";

// What the shared behaviour suites (test/adapters/*.case.ts) need from a chat platform, so one test states a
// behaviour once and runs against the real Slack adapter and the real Discord adapter alike, each on its loopback
// fake (as hono runs common.case.test.ts against every router). Each platform's platform.ts implements it.

/** One write the bot made on the platform: a new message, an edit of one, or its deletion. */
export interface BotWrite {
  kind: "post" | "edit" | "delete";
  /** The message it created, changed or removed. */
  messageId: string;
  /** Where a post went, in the platform's terms: a Slack channel and thread, a Discord channel. */
  place: string;
  /** Everything a reader sees, as one string (empty for a deletion). */
  visible: string;
  /** The answer in its final form, with its sources and 👍/👎 buttons. */
  finalAnswer: boolean;
  /** Text still being written (the "Writing…" note under it). */
  inProgress: boolean;
  /** What would notify someone, were the platform to deliver this (beyond a reply's ping of the asker). */
  pings: string[];
  /** The platform's limits it breaks; empty when the platform accepts it. */
  limitProblems: string[];
  /** The platform answered the write with success. */
  accepted: boolean;
  /** Position among every call the fake platform recorded, for "before" and "after". */
  seq: number;
}

/** A question put to the bot, for finding what the bot wrote about it. */
export interface Asked {
  /** Where its answer belongs (compare with BotWrite.place). */
  answerPlace: string;
  /** Every write from this position on is about this question (the suites ask one question at a time). */
  fromSeq: number;
  /** Platform details the driver needs to find writes or ask a follow-up. */
  readonly detail: Record<string, string | undefined>;
}

export interface PlatformHarness {
  readonly engine: ReturnType<typeof scriptedEngine>;
  /** A question that mentions the bot in a channel it serves. */
  mention(question: string): Promise<Asked>;
  /** A direct message. */
  dm(question: string): Promise<Asked>;
  /** A follow-up without a mention where the answer to `asked` went (a Slack thread, a Discord reply to the answer). */
  followUp(asked: Asked, question: string): Promise<Asked>;
  /** Every write about this question so far, in order. */
  writes(asked: Asked): BotWrite[];
  /** The first write about this question, past or future, that matches. */
  waitForWrite(asked: Asked, matches: (write: BotWrite) => boolean): Promise<BotWrite>;
  /** Resolves once the bot is done with this question (its answer or apology delivered). */
  settled(asked: Asked): Promise<void>;
  /** From now on the platform refuses the edit that would put a final answer in place of the text in progress. */
  refuseFinalEdits(): void;
  stop(): Promise<void>;
}

export interface PlatformOptions {
  engine?: ScriptedEngineOptions;
  /** Extra settings, as they would appear in .env. */
  env?: Record<string, string>;
}

/** A platform as the shared suites see it. */
export interface ChatPlatform {
  name: "Slack" | "Discord";
  start(options?: PlatformOptions): Promise<PlatformHarness>;
  /** Every answer fits one message on this platform (Slack); otherwise long answers continue in more. */
  answersInOneMessage: boolean;
  /** Formats a reply as the adapter would send it, for checks without a running bot. */
  format(reply: Reply, options: unknown): Array<{ pings: string[]; limitProblems: string[] }>;
  /** The formatting options the adapter's formatter takes, for generated inputs. */
  formatOptions: fc.Arbitrary<unknown>;
}
