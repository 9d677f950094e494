/** Stable error codes: callers branch on these, never on message text. */
export const ErrorCode = {
  ConfigInvalid: "config_invalid",
  IndexMissing: "index_missing",
  IndexCorrupt: "index_corrupt",
  EmbedderMismatch: "embedder_mismatch",
  EmbedderFailed: "embedder_failed",
  /** CORPUS_DIR names a folder that does not exist. */
  CorpusMissing: "corpus_missing",
  CorpusEmpty: "corpus_empty",
  DocumentUnreadable: "document_unreadable",
  IngestFailed: "ingest_failed",
  AnswerTimeout: "answer_timeout",
  /** Every engine worker is busy and the queue is full: the asker should try again in a moment. */
  Busy: "busy",
  /** The worker thread answering a question stopped (it is replaced); asking again is safe. */
  EngineWorkerFailed: "engine_worker_failed",
  GeneratorFailed: "generator_failed",
  PlatformPayloadInvalid: "platform_payload_invalid",
  /** Slack or Discord refused a token, or the app lacks a scope it needs: the fix is in the platform's settings. */
  CredentialsRejected: "credentials_rejected",
  FeedbackStoreFailed: "feedback_store_failed",
  /** The store (SQLite under DATA_DIR, or PostgreSQL at DATABASE_URL) cannot be opened or reached. */
  StoreUnavailable: "store_unavailable",
  /** The store's schema was migrated by a newer citebot than this one; this build must not write to it. */
  StoreSchemaNewer: "store_schema_newer",
  /** A store read or write failed, or what it read back did not match its schema. */
  StoreFailed: "store_failed",
  Unknown: "unknown",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The one error type citebot throws; `message` tells the user what to do next. */
export class CitebotError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CitebotError";
    this.code = code;
  }
}

export function isCitebotError(error: unknown): error is CitebotError {
  return error instanceof CitebotError;
}

/** Wraps anything thrown by a dependency before it reaches a user-facing path. */
export function asCitebotError(error: unknown, code: ErrorCode = ErrorCode.Unknown): CitebotError {
  if (isCitebotError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new CitebotError(code, message, { cause: error });
}
