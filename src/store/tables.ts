import type { Generated } from "kysely";

/**
 * The store's tables as Kysely sees them: what a row holds in the database, before zod reads it back.
 * Portable on purpose: times are epoch milliseconds in `bigint` (INTEGER affinity in SQLite), JSON is `text`
 * (parsed and validated by zod on the way out), flags are 0/1 integers. Only the `seq` identity differs by engine.
 */
export interface Tables {
  schema_migrations: SchemaMigrationsTable;
  store_meta: StoreMetaTable;
  thread_turns: ThreadTurnsTable;
  answers: AnswersTable;
  feedback: FeedbackTable;
  handled_events: HandledEventsTable;
  rate_limits: RateLimitsTable;
  jobs: JobsTable;
  questions: QuestionsTable;
  escalations: EscalationsTable;
  expert_replies: ExpertRepliesTable;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: number;
}

/** Small named values: the user-id hash key, one-off import markers. */
export interface StoreMetaTable {
  key: string;
  value: string;
  updated_at: number;
}

export interface ThreadTurnsTable {
  seq: Generated<number>;
  thread_key: string;
  question: string;
  answer: string | null;
  /** JSON array of chunk ids, or null. */
  cited: string | null;
  created_at: number;
}

export interface AnswersTable {
  answer_id: string;
  platform: string;
  channel_id: string;
  thread_key: string;
  /** The engine's Answer, as JSON. */
  answer: string;
  /** The message it answered (AnswerContext), as JSON. */
  context: string;
  created_at: number;
}

export interface FeedbackTable {
  id: string;
  answer_id: string;
  platform: string;
  verdict: string;
  question: string;
  answer: string;
  /** JSON array of { id, title, section, url }. */
  citations: string;
  user_hash: string;
  channel_id: string;
  restored: number;
  created_at: number;
}

export interface HandledEventsTable {
  event_key: string;
  claimed_at: number;
  expires_at: number;
}

/** rate-limiter-flexible's own layout (key, points, expire), created by our migration so the library never runs DDL. */
export interface RateLimitsTable {
  key: string;
  points: number;
  expire: number | null;
}

export interface JobsTable {
  id: string;
  kind: string;
  /** JSON, validated per kind. */
  payload: string;
  state: string;
  attempts: number;
  max_attempts: number;
  run_after: number;
  /** Past this, the delivery target is dead (an expired response_url or interaction token). */
  deliver_by: number | null;
  lease_token: string | null;
  lease_owner: string | null;
  lease_until: number | null;
  delivery_state: string;
  /** The visible message a delivery posted (Slack ts, Discord message id), once known: a later attempt edits it. */
  delivery_handle: string | null;
  delivery_started_at: number | null;
  delivered_at: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

/** The questions log: one row per question answered or refused. */
export interface QuestionsTable {
  id: string;
  /** The conversation's answer id, which 👍/👎 and escalations carry: joins them to the question. */
  answer_id: string | null;
  platform: string;
  channel_id: string;
  user_hash: string;
  question: string;
  understood_as: string | null;
  grounded: number;
  refusal: string | null;
  /** JSON array of CitedSection (chunk id, source, title, section, content hash). */
  cited: string;
  top_score: number | null;
  latency_ms: number;
  generation: string | null;
  document_set: string | null;
  created_at: number;
}

/** A "Still need help?" click: the question, and where the expert post went. */
export interface EscalationsTable {
  id: string;
  answer_id: string | null;
  question_id: string | null;
  platform: string;
  channel_id: string;
  requester_hash: string;
  question: string;
  expert_channel_id: string;
  /** The expert post (Slack ts, Discord message id) once posted: replies in its thread are recorded. */
  expert_message_id: string | null;
  created_at: number;
}

export interface ExpertRepliesTable {
  seq: Generated<number>;
  escalation_id: string;
  replier_hash: string;
  text: string;
  created_at: number;
}
