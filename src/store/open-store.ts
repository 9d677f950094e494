import path from "node:path";
import { sql } from "kysely";
import { asCitebotError, ErrorCode } from "../errors.js";
import { createAnswerStore } from "./answers.js";
import type { StoreEngine } from "./engine.js";
import { createEscalationLog } from "./escalations.js";
import { createEventClaims } from "./events.js";
import { importFeedbackJsonl } from "./feedback-import.js";
import { createFeedbackLog } from "./feedback.js";
import { createJobQueue } from "./jobs.js";
import { migrate } from "./migrate.js";
import { migrations } from "./migrations/index.js";
import { defaultStoreOptions, type StoreOptions } from "./options.js";
import { createRateLimits } from "./rate-limits.js";
import { createQuestionLog } from "./questions.js";
import { pruneExpired } from "./retention.js";
import type { Store } from "./store.js";
import { withStoreErrors } from "./store-errors.js";
import { createThreadStore } from "./threads.js";
import { loadUserHasher } from "./user-hash.js";

const DAY_MS = 24 * 60 * 60 * 1_000;

/**
 * The engine the options name, connected but not migrated: PostgreSQL when `databaseUrl` is set, else SQLite in
 * `dataDir`. Each engine's driver is loaded only when chosen: a single SQLite process never loads node-postgres, and
 * a replica on PostgreSQL never loads the native SQLite module.
 */
export async function openEngine(options: StoreOptions): Promise<StoreEngine> {
  const settings = { ...defaultStoreOptions, ...options };
  if (settings.databaseUrl) {
    const { openPostgresEngine } = await import("./postgres-engine.js");
    return openPostgresEngine({ url: settings.databaseUrl, poolSize: settings.poolSize, connectTimeoutMs: settings.connectTimeoutMs, ...(settings.logger ? { logger: settings.logger } : {}) });
  }
  const { openSqliteEngine, SQLITE_FILE_NAME } = await import("./sqlite-engine.js");
  return openSqliteEngine(path.join(settings.dataDir, SQLITE_FILE_NAME));
}

/**
 * Opens the store the options name, migrates it to this release's schema, and imports the legacy feedback file
 * once. Fails with one coded error naming the setting to fix (DATABASE_URL, DATA_DIR) when it cannot.
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  const settings = { ...defaultStoreOptions, ...options };
  const { now } = settings;
  const engine = await openEngine(options);
  try {
    const { version: schemaVersion, applied } = await migrate(engine, migrations, now);
    if (applied.length > 0) settings.logger?.info({ store: engine.location, applied, schemaVersion }, "store schema migrated");
    // One after the other: in parallel the second would open another connection, which costs more than both queries.
    const hashUserId = await loadUserHasher(engine);
    const serverVersion = await engine.serverVersion();
    const feedbackImport = settings.legacyFeedbackFile ? await importFeedbackJsonl(engine, settings.legacyFeedbackFile, hashUserId, now) : undefined;
    if (feedbackImport?.status === "imported") settings.logger?.info({ store: engine.location, ...feedbackImport }, "imported feedback.jsonl into the store");

    const threadRetentionMs = settings.threadRetentionDays * DAY_MS;
    const answerRetentionMs = settings.answerRetentionDays * DAY_MS;
    const questionRetentionMs = settings.questionRetentionDays * DAY_MS;
    const guard = <Part extends object>(part: Part, name: string) => withStoreErrors(part, name, engine.location);
    const jobs = guard(createJobQueue(engine, { leaseMs: settings.jobLeaseMs, maxAttempts: settings.jobMaxAttempts, now }), "jobs");
    return {
      kind: engine.kind,
      location: engine.location,
      schemaVersion,
      threads: guard(createThreadStore(engine, { turnsKept: settings.threadTurnsKept, retentionMs: threadRetentionMs, now }), "threads"),
      answers: guard(createAnswerStore(engine, { retentionMs: answerRetentionMs, now }), "answers"),
      feedback: guard(createFeedbackLog(engine, { hashUserId, now }), "feedback"),
      events: guard(createEventClaims(engine, { now }), "events"),
      questions: guard(createQuestionLog(engine, { hashUserId, now }), "questions"),
      escalations: guard(createEscalationLog(engine, { hashUserId, now }), "escalations"),
      rateLimits: createRateLimits(engine, guard),
      jobs,
      hashUserId,
      feedbackImport,
      async ping() {
        const started = performance.now();
        try {
          await sql`select 1`.execute(engine.db);
          return { ok: true, kind: engine.kind, location: engine.location, serverVersion, schemaVersion, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
        } catch (error) {
          return { ok: false, kind: engine.kind, location: engine.location, error: asCitebotError(error, ErrorCode.StoreUnavailable).message };
        }
      },
      async prune() {
        const sweep = await jobs.sweep();
        return { ...(await pruneExpired(engine, { threadRetentionMs, answerRetentionMs, questionRetentionMs, now })), sweep };
      },
      close: () => engine.close(),
    };
  } catch (error) {
    await engine.close().catch(() => undefined);
    throw asCitebotError(error, ErrorCode.StoreFailed);
  }
}
