import type { AnswerStore } from "./answers.js";
import type { EscalationLog } from "./escalations.js";
import type { EventClaims } from "./events.js";
import type { FeedbackImport } from "./feedback-import.js";
import type { FeedbackLog } from "./feedback.js";
import type { JobQueue, JobSweep } from "./jobs.js";
import type { RateLimits } from "./rate-limits.js";
import type { QuestionLog } from "./questions.js";
import type { PruneReport } from "./retention.js";
import type { StoreKind } from "./store-kind.js";
import type { ThreadStore } from "./threads.js";
import type { HashUserId } from "./user-hash.js";

export type { StoreKind } from "./store-kind.js";

/** What /healthz reports about the store. Never throws: an unreachable store is `ok: false` with the reason. */
export type StoreHealth =
  | { ok: true; kind: StoreKind; location: string; serverVersion: string; schemaVersion: number; latencyMs: number }
  | { ok: false; kind: StoreKind; location: string; error: string };

/**
 * Everything citebot keeps beyond one process, behind one interface with two engines: SQLite (a file under
 * DATA_DIR, one process) and PostgreSQL (DATABASE_URL, any number of replicas and shards). Each part is its own
 * small interface; callers take only the part they use.
 */
export interface Store {
  readonly kind: StoreKind;
  /** Where it lives, safe to print (no password). */
  readonly location: string;
  readonly schemaVersion: number;
  readonly threads: ThreadStore;
  readonly answers: AnswerStore;
  readonly feedback: FeedbackLog;
  readonly events: EventClaims;
  readonly rateLimits: RateLimits;
  readonly jobs: JobQueue;
  /** Every question asked, how it was answered and from which sections (QUESTION_LOG, QUESTION_LOG_RETENTION_DAYS). */
  readonly questions: QuestionLog;
  /** "Still need help?" escalations and the experts' replies. */
  readonly escalations: EscalationLog;
  /** The keyed hash that stands in for a platform user id wherever one would be stored. */
  readonly hashUserId: HashUserId;
  /** What opening the store did with DATA_DIR/feedback.jsonl; undefined when no legacy file was named. */
  readonly feedbackImport: FeedbackImport | undefined;
  ping(): Promise<StoreHealth>;
  /**
   * Retention: deletes expired turns, answers, event claims, rate counters, old finished jobs, and logged questions,
   * escalations and expert replies past their retention, after a job sweep.
   */
  prune(): Promise<PruneReport & { sweep: JobSweep }>;
  close(): Promise<void>;
}
