import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDiscordBot, type DiscordConnection, type DiscordOptions } from "./adapters/discord/bot.js";
import { interactionDeliverer } from "./adapters/discord/deliver-job.js";
import { createHealth, type Health, type HealthServer, startHealthServer } from "./adapters/health.js";
import { createSlackBot, type SlackConnection, type SlackOptions } from "./adapters/slack/bot.js";
import { deliverToResponseUrl, threadReplyDeliverer } from "./adapters/slack/deliver-job.js";
import { watchStore } from "./adapters/store-watch.js";
import { type Conversation, type ConversationOptions, createConversation } from "./chat/conversation.js";
import { createDrain, type Drain, type DrainReport } from "./chat/drain.js";
import { createJobIntake, type JobWorker, type JobWorkerOptions, type JobWorkerParts, startJobWorker } from "./chat/jobs.js";
import { type Config, discordEnabled, slackEnabled } from "./config.js";
import type { Engine } from "./engine/answer.js";
import type { EngineOptions } from "./engine/engine.js";
import { openGenerationEngine } from "./engine/generation-engine.js";
import { deriveEngineFiles } from "./engine/prepared-index.js";
import { serveGenerations, type ServingEngine } from "./engine/serving-engine.js";
import { startEnginePool } from "./engine/worker-pool.js";
import type { EngineReplicaData } from "./engine-replica.js";
import { chatModelBackend, type ChatModelSettings } from "./engine/llm/chat-backend.js";
import type { Generator } from "./engine/llm/generator.js";
import { createLlmGenerator } from "./engine/llm/llm-generator.js";
import { parseLlmModel, type LlmProvider } from "./engine/llm/providers.js";
import { CitebotError, ErrorCode } from "./errors.js";
import { type CitebotEmbeddings, UseLiteEmbeddings } from "./index/embedder.js";
import { HostedOllamaEmbeddings, HostedOpenAIEmbeddings } from "./index/hosted-embeddings.js";
import { ingest, type IngestSummary } from "./index/ingest.js";
import { createProgress, type Progress } from "./index/progress.js";
import { currentGeneration, type IndexPointer, openIndex, type OpenIndexOptions, readCurrentManifest, readPointer } from "./index/store.js";
import { createLogger, type Logger } from "./logger.js";
import type { AdminOptions } from "./knowledge/admin.js";
import { type EscalationOptions, offersEscalation } from "./knowledge/escalation/escalation-options.js";
import type { StoreOptions } from "./store/options.js";
import { openStore } from "./store/open-store.js";
import type { Store } from "./store/store.js";
import { createKnowledgeHooks } from "./knowledge/conversation-hooks.js";
import type { KnowledgeHooks } from "./chat/knowledge-hooks.js";
import { followSections } from "./knowledge/current-sections.js";
import { createQuestionRecorder } from "./knowledge/question-recorder.js";
import { loadDocumentSets } from "./knowledge/document-sets/load.js";
import { createDocumentSetResolver } from "./knowledge/document-sets/resolve.js";
import { gapReportFromStore } from "./knowledge/gaps/report-from-store.js";
import { gapDigestMessage } from "./knowledge/gaps/render-gaps.js";
import { startGapDigest } from "./knowledge/gaps/digest-timer.js";
import { postSlackAdminMessage } from "./adapters/slack/admin-post.js";
import { postDiscordAdminMessage } from "./adapters/discord/admin-post.js";

// The composition root: the only module that reads Config. It turns settings into each layer's options (the
// functions named after the layer), and builds and wires the parts. Every inner layer takes plain options with
// defaults beside its type, so a test, a script or a replica can build any part alone.

// ── Config → each layer's options ──────────────────────────────────────────────────────────────────────────

export function engineOptions(config: Config): EngineOptions {
  return { maxSentences: config.ANSWER_MAX_SENTENCES, minEvidence: config.MIN_EVIDENCE, docsBaseUrl: config.DOCS_BASE_URL ?? "" };
}

export function indexOptions(config: Config): OpenIndexOptions {
  return { efSearch: config.HNSW_EF_SEARCH };
}

/** The store's part of the settings, for the composition root. */
export function storeOptions(config: Config): StoreOptions {
  return {
    ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}),
    dataDir: config.DATA_DIR,
    poolSize: config.DATABASE_POOL_SIZE,
    threadRetentionDays: config.THREAD_RETENTION_DAYS,
    threadTurnsKept: config.THREAD_TURNS_KEPT,
    answerRetentionDays: config.ANSWER_RETENTION_DAYS,
    questionRetentionDays: config.QUESTION_LOG_RETENTION_DAYS,
    jobLeaseMs: config.JOB_LEASE_MS,
    jobMaxAttempts: config.JOB_MAX_ATTEMPTS,
    legacyFeedbackFile: path.join(config.DATA_DIR, "feedback.jsonl"),
  };
}

/** GAP_DIGEST_AT weekdays, as Date.getUTCDay() numbers them. */
const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

export function adminOptions(config: Config): AdminOptions {
  const [day = "mon", time = "09:00"] = config.GAP_DIGEST_AT.split(" ");
  const [hour = 9, minute = 0] = time.split(":").map(Number);
  return {
    channels: config.ADMIN_CHANNEL,
    users: config.ADMIN_USERS,
    digest: { weekly: config.GAP_DIGEST === "weekly" && Object.keys(config.ADMIN_CHANNEL).length > 0, weekday: WEEKDAYS.indexOf(day), hour, minute },
    staleAlerts: config.STALE_ALERTS_TO_ADMIN && Object.keys(config.ADMIN_CHANNEL).length > 0,
  };
}

/** The escalation part of the settings, for the composition root. */
export function escalationOptions(config: Config): EscalationOptions {
  return {
    enabled: config.ESCALATION,
    ...(config.ESCALATION_SLACK_CHANNEL ? { slack: { channelId: config.ESCALATION_SLACK_CHANNEL, ...(config.ESCALATION_SLACK_GROUP ? { groupId: config.ESCALATION_SLACK_GROUP } : {}) } } : {}),
    ...(config.ESCALATION_DISCORD_CHANNEL ? { discord: { channelId: config.ESCALATION_DISCORD_CHANNEL, ...(config.ESCALATION_DISCORD_ROLE ? { roleId: config.ESCALATION_DISCORD_ROLE } : {}) } } : {}),
  };
}

/**
 * How long a question this process accepted stays its own before any process may take it over: long enough for the
 * answer (ANSWER_TIMEOUT_MS) and its delivery through an outage (DELIVERY_RETRY_MS), plus a lease.
 */
export function jobTakeoverAfterMs(config: Config): number {
  return config.ANSWER_TIMEOUT_MS + config.DELIVERY_RETRY_MS + config.JOB_LEASE_MS;
}

export function jobWorkerOptions(config: Config): JobWorkerOptions {
  return { pollMs: config.JOB_POLL_MS, leaseMs: config.JOB_LEASE_MS };
}

export function conversationOptions(config: Config): ConversationOptions {
  return { maxQuestionChars: config.MAX_QUESTION_CHARS, rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE, answerTimeoutMs: config.ANSWER_TIMEOUT_MS };
}

export function slackConnection(config: Config): SlackConnection {
  return { botToken: config.SLACK_BOT_TOKEN ?? "", appToken: config.SLACK_APP_TOKEN, signingSecret: config.SLACK_SIGNING_SECRET, apiUrl: config.SLACK_API_URL };
}

export function slackOptions(config: Config): SlackOptions {
  return {
    command: config.SLACK_COMMAND,
    allowedChannels: config.SLACK_ALLOWED_CHANNELS,
    port: config.PORT,
    allowDms: config.ALLOW_DMS,
    threadFollowups: config.THREAD_FOLLOWUPS,
    deliveryRetryMs: config.DELIVERY_RETRY_MS,
  };
}

export function discordConnection(config: Config): DiscordConnection {
  return { token: config.DISCORD_TOKEN ?? "", applicationId: config.DISCORD_APP_ID ?? "", apiUrl: config.DISCORD_API_URL };
}

export function discordOptions(config: Config): DiscordOptions {
  return {
    allowedChannels: config.DISCORD_ALLOWED_CHANNELS,
    allowDms: config.ALLOW_DMS,
    threadFollowups: config.THREAD_FOLLOWUPS,
    replyInThread: config.DISCORD_REPLY_IN_THREAD,
    deliveryRetryMs: config.DELIVERY_RETRY_MS,
  };
}

// Keyless local servers (llama.cpp, vLLM, LM Studio) ignore the key, but the OpenAI client refuses to start without one.
const KEYLESS_PLACEHOLDER = "not-needed";

/** The chat model the settings choose, or undefined for `extractive`. GENERATOR=openai|ollama are shorthands for LLM_MODEL=openai:$OPENAI_MODEL and ollama:$OLLAMA_MODEL. */
export function chatModelSettings(config: Config): ChatModelSettings | undefined {
  const limits = { temperature: config.LLM_TEMPERATURE, maxTokens: config.LLM_MAX_TOKENS };
  const chosen = (provider: LlmProvider, model: string, chosenBy: string): ChatModelSettings => ({ ...limits, provider, model, chosenBy, connection: providerConnection(provider, config) });
  switch (config.GENERATOR) {
    case "extractive":
      return undefined;
    case "openai":
      return chosen("openai", config.OPENAI_MODEL, "GENERATOR=openai");
    case "ollama":
      return chosen("ollama", config.OLLAMA_MODEL, "GENERATOR=ollama");
    case "llm": {
      const setting = config.LLM_MODEL ?? "";
      const { provider, model } = parseLlmModel(setting);
      return chosen(provider, model, `LLM_MODEL=${setting}`);
    }
  }
}

/** The settings citebot has for a provider's endpoint; other providers' packages read their own variables. */
function providerConnection(provider: LlmProvider, config: Config): Record<string, unknown> {
  switch (provider) {
    case "openai":
      // `stream_options` is an OpenAI extension that some compatible servers reject.
      return { apiKey: config.OPENAI_API_KEY ?? KEYLESS_PLACEHOLDER, configuration: { baseURL: config.OPENAI_BASE_URL }, streamUsage: false };
    case "ollama":
      return { baseUrl: config.OLLAMA_BASE_URL };
    default:
      return {};
  }
}

// ── The parts ──────────────────────────────────────────────────────────────────────────────────────────────

/** Human-readable on a terminal, JSON lines elsewhere; always on stderr. Terminal commands keep the screen for answers: routine info logs show only when LOG_LEVEL asks for debug. */
export function createAppLogger(config: Config, options: { quiet?: boolean } = {}): Logger {
  const level = options.quiet && config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL;
  return createLogger({ level, format: process.stderr.isTTY ? "pretty" : "json" });
}

/**
 * The embedder the EMBEDDINGS setting names; hosted ones are opt-in. A hosted embedder is probed once here, so
 * an unreachable endpoint is one clear error at start-up and the index's dimension check has a number to compare.
 * `workers` > 1 embeds large jobs on that many threads (ingest); answering needs one.
 */
export async function createEmbeddings(config: Config, options: { workers?: number } = {}): Promise<CitebotEmbeddings> {
  switch (config.EMBEDDINGS) {
    case "use-lite":
      return new UseLiteEmbeddings({ workers: options.workers });
    case "openai":
      return new HostedOpenAIEmbeddings({ model: config.OPENAI_EMBEDDINGS_MODEL, baseUrl: config.OPENAI_BASE_URL, apiKey: config.OPENAI_API_KEY, timeoutMs: config.LLM_TIMEOUT_MS }).connect();
    case "ollama":
      return new HostedOllamaEmbeddings({ model: config.OLLAMA_EMBEDDINGS_MODEL, baseUrl: config.OLLAMA_BASE_URL, timeoutMs: config.LLM_TIMEOUT_MS }).connect();
  }
}

/**
 * The LLM generator the settings choose, or undefined for `extractive` (the default, which needs no endpoint).
 * Rejects with a `config_invalid` CitebotError, before any question, when the model cannot be used: an unknown
 * provider, its package not installed, or a constructor error such as a missing API key.
 */
export async function createGenerator(config: Config, logger: Logger): Promise<Generator | undefined> {
  const settings = chatModelSettings(config);
  if (!settings) return undefined;
  return createLlmGenerator(await chatModelBackend(settings), { timeoutMs: config.LLM_TIMEOUT_MS, answerTimeoutMs: config.ANSWER_TIMEOUT_MS, logger });
}

/** `npm run ingest`: the corpus into the index, embedding on every core (one model per worker thread). */
export async function ingestCorpus(config: Config, logger: Logger, progress: Progress = createProgress()): Promise<IngestSummary> {
  const embeddings = await createEmbeddings(config, { workers: Math.min(4, os.availableParallelism()) });
  try {
    return await ingest({
      corpusDir: config.CORPUS_DIR,
      indexDir: config.INDEX_DIR,
      maxFileBytes: config.MAX_FILE_BYTES,
      chunkMaxChars: config.CHUNK_MAX_CHARS,
      embeddings,
      logger: logger.child({ component: "ingest" }),
      progress,
      derive: deriveEngineFiles,
    });
  } finally {
    await embeddings.release();
  }
}

export interface OpenEngineParts {
  indexDir: string;
  embeddings: CitebotEmbeddings;
  generator?: Generator;
  logger: Logger;
}

/** Opens the index on disk once (hnswlib), builds the engine over it and warms it up. */
export async function openEngine({ indexDir, embeddings, generator, logger }: OpenEngineParts, options: EngineOptions & OpenIndexOptions = {}): Promise<Engine> {
  const { efSearch, ...engine } = options;
  // Warms the model up while hnswlib reads its graph and the file hashes are checked on other threads.
  return openGenerationEngine(indexDir, embeddings, { ...engine, ...(efSearch === undefined ? {} : { efSearch }) }, { ...(generator ? { generator } : {}), logger });
}

/** ENGINE_WORKERS unset: one core left to the thread that acks, formats and sends; each worker holds its own model and index copy, hence the cap. */
export function defaultEngineWorkers(cores: number = os.availableParallelism()): number {
  return Math.min(4, Math.max(1, cores - 1));
}

export interface StartEngineOptions {
  /** Worker threads answering; 0 answers on this thread. Default: ENGINE_WORKERS, or defaultEngineWorkers() when unset. */
  workers?: number;
  /** Watch the index folder and swap to each new generation (default true); `npm run ask`, which answers and exits, turns it off. */
  reload?: boolean;
}

/**
 * The engine the settings describe, building the index first (with progress on stderr) when there is none yet.
 * Without the corpus folder, an index already built is served (with a warning); with neither, it stops and says how to fix it.
 * Answers run on ENGINE_WORKERS threads behind a queue of ENGINE_QUEUE_MAX (a full one refuses with `busy`), repeated
 * questions come from a cache of ANSWER_CACHE_ENTRIES, and a new generation written by `npm run ingest` is served
 * without a restart (CURRENT read every INDEX_POLL_MS besides file events). `close` stops the watch and the workers.
 */
export async function startEngine(config: Config, logger: Logger, options: StartEngineOptions = {}): Promise<ServingEngine> {
  // First, so a missing provider package or key is reported before a first-run ingest, not after it.
  const generator = await createGenerator(config, logger.child({ component: "generator" }));
  const hasIndex = Boolean(await currentGeneration(config.INDEX_DIR));
  if (!fs.existsSync(config.CORPUS_DIR)) {
    if (!hasIndex) throw corpusMissing(config);
    const manifest = await readCurrentManifest(config.INDEX_DIR);
    const built = manifest ? ` (built ${manifest.createdAt.slice(0, 16).replace("T", " ")}, ${manifest.documents.length} documents)` : "";
    logger.warn(
      { corpusDir: config.CORPUS_DIR, indexDir: config.INDEX_DIR },
      `CORPUS_DIR: the folder ${config.CORPUS_DIR} does not exist; answering from the index already in ${config.INDEX_DIR}${built}. Create the folder (or set CORPUS_DIR to the one that holds your documents) and run \`npm run ingest\` to refresh it.`,
    );
  } else if (!hasIndex) {
    process.stderr.write(`No index in ${config.INDEX_DIR} yet: building it from ${config.CORPUS_DIR} (first run only)…\n`);
    const summary = await ingestCorpus(config, logger);
    process.stderr.write(`${describeIngest(summary, config)}\n`);
  }
  const engineLogger = logger.child({ component: "engine" });
  const workers = options.workers ?? config.ENGINE_WORKERS ?? defaultEngineWorkers();
  const serving = {
    ...(options.reload === false ? {} : { indexDir: config.INDEX_DIR }),
    pollMs: config.INDEX_POLL_MS,
    cacheEntries: config.ANSWER_CACHE_ENTRIES,
    logger: engineLogger,
    onDamaged: (error: Error, generation: string) =>
      engineLogger.error({ err: error, generation }, `${error.message} Answers from generation ${generation} may cite damaged text until \`npm run ingest\` writes a new one.`),
  };
  if (workers === 0) {
    const embeddings = await createEmbeddings(config);
    const { efSearch, ...settings } = { ...engineOptions(config), ...indexOptions(config) };
    const open = (pointer?: IndexPointer) =>
      openGenerationEngine(config.INDEX_DIR, embeddings, { ...settings, efSearch }, { ...(pointer ? { pointer } : {}), ...(generator ? { generator } : {}), logger: engineLogger });
    return serveGenerations(await open(), open, serving, () => embeddings.release());
  }
  const pointer = await readPointer(config.INDEX_DIR);
  if (!pointer) throw new CitebotError(ErrorCode.IndexMissing, `There is no index in ${config.INDEX_DIR}. Run \`npm run ingest\` to build it.`);
  const data: EngineReplicaData = { config };
  // An LLM generator mostly waits on its endpoint, so a worker can hold several of its answers at once.
  const pool = await startEnginePool({ indexDir: config.INDEX_DIR, pointer, data, size: workers, maxQueue: config.ENGINE_QUEUE_MAX, answersPerWorker: generator ? 4 : 1, logger: engineLogger });
  return serveGenerations(pool, pool.open, serving, pool.shutdown);
}

function corpusMissing(config: Config): CitebotError {
  return new CitebotError(
    ErrorCode.CorpusMissing,
    `CORPUS_DIR: the folder ${config.CORPUS_DIR} does not exist, and there is no index in ${config.INDEX_DIR} to answer from. Create ${config.CORPUS_DIR} and put your documents in it (Markdown, HTML, text, PDF or Word), or set CORPUS_DIR in .env to the folder that holds them; then start again.`,
  );
}

/** The summary `npm run ingest` (and a first-run `npm start`) prints. */
export function describeIngest(summary: IngestSummary, config: Pick<Config, "CORPUS_DIR" | "INDEX_DIR">): string {
  const seconds = (summary.ms / 1000).toFixed(1);
  const lines = [
    summary.upToDate ? `Index is up to date: nothing changed in ${config.CORPUS_DIR}, nothing re-embedded.` : `Index written to ${config.INDEX_DIR}.`,
    `  files: ${summary.files} · documents kept: ${summary.documents} · dropped as duplicates: ${summary.dropped.length} · skipped: ${summary.skipped.length}`,
    `  chunks: ${summary.chunks} (${summary.embeddedChunks} embedded, ${summary.reusedChunks} reused) · quotable units: ${summary.units} · time: ${seconds} s`,
  ];
  for (const duplicate of summary.dropped) lines.push(`  dropped ${duplicate.dropped} (same text as ${duplicate.keptInstead})`);
  for (const skipped of summary.skipped) lines.push(`  skipped ${skipped.source}: ${skipped.reason}`);
  return lines.join("\n");
}

/**
 * An engine that can be handed to the conversation while the real one still loads (the model, the index, or a
 * first-run ingest), so the adapters can connect, and `/healthz` answer, meanwhile. Questions wait for the load.
 */
function pendingEngine(loading: Promise<Engine>): Engine {
  let loaded: Engine | undefined;
  loading.then(
    (engine) => (loaded = engine),
    () => undefined,
  );
  return {
    answer: async (question, options) => (await loading).answer(question, options),
    topics: () => loaded?.topics() ?? [],
  };
}

// ── The knowledge loop in a conversation ─────────────────────────────────────────────────────────────────────

/** The period `/ask gaps` and the weekly digest cover. */
const GAP_PERIOD_MS = 7 * 24 * 60 * 60_000;

/**
 * Document sets (DOCUMENT_SETS_FILE or citebot.yaml), the questions log (QUESTION_LOG) and admins' `gaps`
 * (ADMIN_USERS) for a conversation on `store`. A bad document sets file is a config_invalid error here, at start.
 */
export async function createKnowledge(config: Config, store: Store, logger: Logger): Promise<ReturnType<typeof createKnowledgeHooks>> {
  const sets = await loadDocumentSets(config.DOCUMENT_SETS_FILE ? { file: config.DOCUMENT_SETS_FILE } : {});
  const log = logger.child({ component: "knowledge" });
  const sections = followSections(config.INDEX_DIR);
  return createKnowledgeHooks({
    ...(sets ? { documentSets: createDocumentSetResolver(sets.settings) } : {}),
    questions: { recorder: createQuestionRecorder({ log: store.questions, enabled: config.QUESTION_LOG, sections: () => sections.latest(), logger: log }), sections },
    ...(config.ADMIN_USERS.length > 0 ? { gaps: { admins: config.ADMIN_USERS, message: () => gapMessage(config, store) } } : {}),
    escalation: escalationOptions(config),
    logger: log,
  });
}

/**
 * The knowledge loop for a terminal command (`npm run ask`, the terminal chat: platform `cli`) on a store of its
 * own; `close` waits for the questions log's writes. A store that cannot be opened costs the log, not the answers.
 */
export async function openTerminalKnowledge(config: Config, logger: Logger): Promise<{ hooks: KnowledgeHooks; close(): Promise<void> }> {
  let store: Store;
  try {
    store = await openStore({ ...storeOptions(config), logger });
  } catch (error) {
    logger.warn({ err: error }, `questions log off for this command: ${(error as Error).message}`);
    const sets = await loadDocumentSets(config.DOCUMENT_SETS_FILE ? { file: config.DOCUMENT_SETS_FILE } : {});
    return { hooks: createKnowledgeHooks({ ...(sets ? { documentSets: createDocumentSetResolver(sets.settings) } : {}), logger }), close: async () => undefined };
  }
  try {
    const hooks = await createKnowledge(config, store, logger);
    return {
      hooks,
      async close() {
        await hooks.settled();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** The last week's gap report as a chat message (`/ask gaps`, the weekly digest); loads an embedder for the clustering, then releases it. */
export async function gapMessage(config: Config, store: Store, now: Date = new Date()): Promise<string> {
  const embeddings = await createEmbeddings(config);
  let index: Awaited<ReturnType<typeof openIndex>> | undefined;
  try {
    index = await openIndex(config.INDEX_DIR, embeddings, indexOptions(config)).catch(() => undefined);
    const report = await gapReportFromStore({
      store,
      embeddings,
      since: new Date(now.getTime() - GAP_PERIOD_MS),
      until: now,
      similarity: config.GAPS_SIMILARITY,
      weakScore: config.GAPS_WEAK_SCORE,
      ...(index ? { index } : {}),
      questionLog: config.QUESTION_LOG,
    });
    return gapDigestMessage(report);
  } finally {
    index?.close();
    await embeddings.release();
  }
}

// ── The running bot (`npm start` with Slack or Discord) ─────────────────────────────────────────────────────

/** Anything that starts and stops with the bot: an adapter today; a durable store or an engine worker pool next. */
export interface Part {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface Citebot {
  health: Health;
  conversation: Conversation;
  /** The durable store (SQLite under DATA_DIR, or PostgreSQL at DATABASE_URL): threads, answers, feedback, event ids, rate limits. */
  store: Store;
  /** Resolves once the engine has loaded (after a first-run ingest, if one was needed). */
  engine: Promise<Engine>;
  /** The chat platforms the settings enable: started together by `start`, stopped together by `stop` once answers in progress are settled. */
  adapters: Part[];
  /** What the adapters rely on (`/healthz` today; a durable store or an engine worker pool next): running before `createCitebot` resolves, stopped after the adapters, last first. */
  services: Part[];
  /** Resolves once the engine has loaded and every part has started; rejects with the first failure. */
  start(): Promise<void>;
  /** Takes no new questions, waits up to `graceMs` for answers in progress (their askers are told otherwise), then stops every part. */
  stop(graceMs: number): Promise<DrainReport>;
}

/**
 * What this process runs of the bot the settings enable. `whole`: everything, as one process. With DISCORD_SHARDS,
 * `npm start` becomes the `shard-parent` (Slack, if enabled, and `/healthz`; the Discord shards run in children) and
 * each child a `discord-shard` (Discord only, through the shard ids discord.js hands it; the parent serves `/healthz`).
 */
export type CitebotRole = "whole" | "shard-parent" | "discord-shard";

/**
 * Builds the bot the settings enable. `/healthz` is up before this resolves (Slack's HTTP server carries it in
 * HTTP mode; otherwise a listener of its own), and the engine starts loading at once: questions that arrive
 * before it has loaded wait for it. Throws a CitebotError when a part cannot be built from the settings.
 *
 * A new part plugs in here: build it from the settings (an `…Options(config)` function above), hand it to the
 * parts that use it (a store to the conversation and the feedback, a worker pool in place of `startEngine`), and
 * push it onto `services` so it stops after the adapters that use it.
 */
export async function createCitebot(config: Config, logger: Logger, role: CitebotRole = "whole"): Promise<Citebot> {
  let engine: ServingEngine | undefined;
  // First: a store that cannot be opened (DATABASE_URL wrong, DATA_DIR not writable) is one clear error before anything listens.
  const store = await openStore({ ...storeOptions(config), logger: logger.child({ component: "store" }) });
  const storeWatch = watchStore(store, () => currentGeneration(config.INDEX_DIR), logger.child({ component: "store" }));
  const health = createHealth({ documents: () => engine?.topics().length ?? 0, store: storeWatch.status, indexGeneration: storeWatch.generation });
  const drain: Drain = createDrain();
  const runsSlack = slackEnabled(config) && role !== "discord-shard";
  const runsDiscord = discordEnabled(config) && role !== "shard-parent";
  const slackOverHttp = runsSlack && !config.SLACK_APP_TOKEN;
  const healthServer: HealthServer | undefined = slackOverHttp || role === "discord-shard" ? undefined : await startHealthServer({ port: config.PORT, health, logger });
  if (healthServer) logger.info({ port: healthServer.port }, `serving /healthz on port ${healthServer.port}`);

  const knowledge = await createKnowledge(config, store, logger);
  const loading = startEngine(config, logger).then((loaded) => (engine = loaded));
  const conversation = createConversation({ engine: pendingEngine(loading), logger: logger.child({ component: "conversation" }), state: store, knowledge }, conversationOptions(config));
  const jobs = createJobIntake(store.jobs, jobTakeoverAfterMs(config), logger.child({ component: "jobs" }));
  const shared = { conversation, feedback: store.feedback, events: store.events, jobs, logger, health, drain };
  // Where a question another process accepted can be answered from here: the targets of the enabled adapters.
  const deliverers: JobWorkerParts["deliverers"] = {};
  let worker: JobWorker | undefined;

  // Stopped last: the adapters and their answers in progress write to it until they have stopped, then the questions log's writes settle.
  const services: Part[] = [
    {
      name: "store",
      start: async () => undefined,
      stop: async () => {
        storeWatch.stop();
        await knowledge.settled();
        await store.close();
      },
    },
  ];
  services.push({ name: "jobs", start: async () => undefined, stop: async () => await worker?.stop() });
  if (healthServer) services.push({ name: "healthz", start: async () => undefined, stop: () => healthServer.close() });
  // After the adapters and the drain: the engine workers finish what they hold, then stop. One still loading is left to the exit.
  services.push({ name: "engine", start: async () => undefined, stop: async () => engine?.close() });

  const adapters: Part[] = [];
  const admin = adminOptions(config);
  const adminPosts: Array<(markdown: string) => Promise<void>> = [];
  if (runsSlack) {
    const experts = escalationOptions(config);
    const escalation = offersEscalation(experts, "slack") && experts.slack ? { target: experts.slack, log: store.escalations } : undefined;
    const slack = createSlackBot({ ...shared, topics: () => engine?.topics() ?? [], ...(escalation ? { escalation } : {}) }, slackConnection(config), slackOptions(config));
    deliverers.slack_response_url = deliverToResponseUrl;
    deliverers.slack_message = threadReplyDeliverer(slackConnection(config), logger.child({ component: "jobs" }));
    const adminChannel = admin.channels.slack;
    if (adminChannel) adminPosts.push((markdown) => postSlackAdminMessage(slack.app.client, adminChannel, markdown));
    adapters.push({
      name: "slack",
      start: async () => {
        const started = await slack.start();
        logger.info(started, `Slack adapter ready (${started.mode === "socket" ? "Socket Mode" : `HTTP on port ${started.port}`})`);
      },
      stop: () => slack.stop(),
    });
  }
  if (runsDiscord) {
    const experts = escalationOptions(config);
    const escalation = offersEscalation(experts, "discord") && experts.discord ? { target: experts.discord, log: store.escalations } : undefined;
    const discord = createDiscordBot({ ...shared, ...(escalation ? { escalation } : {}) }, discordConnection(config), discordOptions(config));
    deliverers.discord_interaction = interactionDeliverer(config.DISCORD_API_URL);
    const adminChannel = admin.channels.discord;
    if (adminChannel) adminPosts.push((markdown) => postDiscordAdminMessage(discord.client, adminChannel, markdown));
    adapters.push({
      name: "discord",
      start: async () => {
        await discord.start();
        logger.info("Discord adapter ready");
      },
      stop: () => discord.stop(),
    });
  }

  if (admin.digest.weekly && adminPosts.length > 0) {
    const digest = startGapDigest({
      digest: admin.digest,
      claim: (key, ttlMs) => store.events.claim(key, ttlMs),
      message: () => gapMessage(config, store),
      post: async (markdown) => {
        // Each platform gets its copy even when the other fails; the failure is still reported.
        const failed = (await Promise.allSettled(adminPosts.map((post) => post(markdown)))).find((result) => result.status === "rejected");
        if (failed) throw failed.reason;
      },
      logger: logger.child({ component: "gap-digest" }),
    });
    services.push({ name: "gap-digest", start: async () => undefined, stop: async () => digest.stop() });
  }

  return {
    health,
    conversation,
    store,
    engine: loading,
    adapters,
    services,
    async start() {
      await Promise.all([loading, ...adapters.map((adapter) => adapter.start())]);
      // Once the engine and the adapters are up: questions left by a process that died are answered first thing.
      // A shard parent without Slack reaches no platform: it leaves such questions to the shards rather than bounce them.
      if (adapters.length === 0) return;
      worker = startJobWorker({ jobs: store.jobs, conversation, deliverers, logger, drain }, jobWorkerOptions(config));
    },
    async stop(graceMs) {
      health.setDraining();
      const report = await drain.settle(graceMs);
      await Promise.allSettled(adapters.map((adapter) => adapter.stop()));
      for (const service of [...services].reverse()) await service.stop().catch((error: unknown) => logger.warn({ err: error, service: service.name }, `could not stop ${service.name} cleanly`));
      return report;
    },
  };
}
