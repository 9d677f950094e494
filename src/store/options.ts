import type { Logger } from "../logger.js";

export interface StoreOptions {
  /** postgres://… selects PostgreSQL; undefined keeps the store in SQLite under `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  poolSize?: number;
  threadRetentionDays?: number;
  threadTurnsKept?: number;
  answerRetentionDays?: number;
  /** How long the questions log, escalations and expert replies are kept. */
  questionRetentionDays?: number;
  jobLeaseMs?: number;
  jobMaxAttempts?: number;
  /** The JSON Lines feedback file of earlier releases, imported once on first open. */
  legacyFeedbackFile?: string;
  /** How long connecting to PostgreSQL may take before it counts as unreachable. */
  connectTimeoutMs?: number;
  now?: () => number;
  logger?: Logger;
}

/** The defaults, beside their type; config.ts's defaults are the same numbers. */
export const defaultStoreOptions = {
  poolSize: 10,
  threadRetentionDays: 30,
  threadTurnsKept: 10,
  answerRetentionDays: 30,
  questionRetentionDays: 90,
  jobLeaseMs: 30_000,
  jobMaxAttempts: 3,
  connectTimeoutMs: 5_000,
  now: Date.now,
} as const satisfies Required<Pick<StoreOptions, "poolSize" | "threadRetentionDays" | "threadTurnsKept" | "answerRetentionDays" | "questionRetentionDays" | "jobLeaseMs" | "jobMaxAttempts" | "connectTimeoutMs" | "now">>;

