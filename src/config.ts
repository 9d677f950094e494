import path from "node:path";
import { z } from "zod";
import { CitebotError, ErrorCode } from "./errors.js";

const emptyToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

const flag = (fallback: boolean) =>
  z.preprocess(
    emptyToUndefined,
    z
      .enum(["true", "false", "1", "0", "yes", "no", "on", "off"], { message: "must be true or false" })
      .optional()
      .transform((value) => (value === undefined ? fallback : ["true", "1", "yes", "on"].includes(value))),
  );

const int = (fallback: number, min: number, max: number) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.preprocess(emptyToUndefined, z.coerce.number({ message }).int({ message }).min(min, { message }).max(max, { message }).default(fallback));
};

/** A whole number whose absence means something of its own (a default computed where it is used). */
const optionalInt = (min: number, max: number) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.preprocess(emptyToUndefined, z.coerce.number({ message }).int({ message }).min(min, { message }).max(max, { message }).optional());
};

const num = (fallback: number, min: number, max: number) => {
  const message = `must be a number from ${min} to ${max}`;
  return z.preprocess(emptyToUndefined, z.coerce.number({ message }).min(min, { message }).max(max, { message }).default(fallback));
};

/**
 * A setting with a fixed set of values. A wrong value gets the list of accepted ones, each with what it does, in
 * place of zod's wording; `note` says what an unset value means when that is not simply the default.
 */
const choice = <const T extends readonly [string, ...string[]]>(values: { [K in T[number]]: string }, order: T, note?: string) => {
  const quoted = order.map((value) => `"${value}"`);
  const list = `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`;
  const width = Math.max(...order.map((value) => value.length));
  const explained = order.map((value) => `\n      ${value.padEnd(width)}  ${values[value as T[number]]}`).join("");
  return z.enum(order, { error: (issue) => `${JSON.stringify(String(issue.input ?? ""))} is not a choice; use ${list}:${explained}${note ? `\n    ${note}` : ""}` });
};

const optionalText = z.preprocess(emptyToUndefined, z.string().trim().optional());

const optionalUrl = z.preprocess(emptyToUndefined, z.url({ message: "must be a URL such as http://127.0.0.1:8080" }).optional());

// A URL keeps its password: the message names the setting and the form, never the value.
const postgresUrl = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .trim()
    .refine((value) => URL.canParse(value) && ["postgres:", "postgresql:"].includes(new URL(value).protocol), {
      message: "must be a PostgreSQL URL such as postgres://citebot:password@db.internal:5432/citebot, or empty for the embedded SQLite store under DATA_DIR",
    })
    .optional(),
);

const list = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .optional()
    .transform((value) => (value ? value.split(",").map((item) => item.trim()).filter(Boolean) : [])),
);

const prefixed = (prefix: string, hint: string) =>
  z.preprocess(emptyToUndefined, z.string().trim().startsWith(prefix, { message: `must start with "${prefix}" (${hint})` }).optional());

/** A bound on DISCORD_SHARDS, far above what one bot needs (Discord recommends one shard per 1,000 servers). */
const MAX_SHARDS = 4_096;
const SHARDS_FORM = `must be "auto" or a whole number from 1 to ${MAX_SHARDS} (empty: no sharding)`;

const DIGEST_AT_FORM = /^(mon|tue|wed|thu|fri|sat|sun) ([01]\d|2[0-3]):([0-5]\d)$/;

/** `slack:C123,discord:456`: each entry names its platform; a bare Slack (C…/G…) or numeric Discord id is understood. */
const adminChannels = list.pipe(
  z
    .array(z.string().regex(/^(?:slack:)?[CG][A-Z0-9]{2,}$|^(?:discord:)?\d{5,25}$/, { message: "must be slack:C… and/or discord:123…, comma-separated" }))
    .transform((entries) => {
      const slack = entries.find((entry) => !/^(?:discord:)?\d+$/.test(entry))?.replace(/^slack:/, "");
      const discord = entries.find((entry) => /^(?:discord:)?\d+$/.test(entry))?.replace(/^discord:/, "");
      return { ...(slack ? { slack } : {}), ...(discord ? { discord } : {}) };
    }),
);

// `provider:model`; the model part may itself contain colons (`ollama:llama3.1:8b`). Which providers exist is
// LangChain's to say, and is checked when the generator is built (src/engine/llm/providers.ts).
const LLM_MODEL_FORM = /^[a-z][a-z0-9_-]*:\S/;

/** Every setting citebot reads, with its default. `.env.example` documents each one. */
export const ConfigSchema = z.object({
  // Paths
  CORPUS_DIR: z.preprocess(emptyToUndefined, z.string().default("corpus")),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default("data")),
  INDEX_DIR: optionalText,
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    choice(
      {
        fatal: "only what stops citebot",
        error: "and failures it survived",
        warn: "and what needs attention (the terminal commands' level)",
        info: "and start-up, connections and each answer (the default)",
        debug: "and the evidence behind each answer",
        trace: "everything the libraries say too",
        silent: "nothing",
      },
      ["fatal", "error", "warn", "info", "debug", "trace", "silent"],
    ).default("info"),
  ),

  // Ingest
  MAX_FILE_BYTES: int(2_000_000, 1_000, 100_000_000),
  CHUNK_MAX_CHARS: int(1_500, 200, 20_000),

  // Answer engine
  EMBEDDINGS: z.preprocess(
    emptyToUndefined,
    choice(
      {
        "use-lite": "the bundled offline model (the default)",
        openai: "OPENAI_EMBEDDINGS_MODEL at OPENAI_BASE_URL (or OpenAI itself with OPENAI_API_KEY)",
        ollama: "OLLAMA_EMBEDDINGS_MODEL at OLLAMA_BASE_URL",
      },
      ["use-lite", "openai", "ollama"],
      "Changing it needs `npm run ingest`.",
    ).default("use-lite"),
  ),
  // No schema default: unset means "extractive", or "llm" when LLM_MODEL is set; loadConfig resolves it (see resolveGenerator).
  GENERATOR: z.preprocess(
    emptyToUndefined,
    choice(
      {
        extractive: "answers with the documents' own sentences, offline",
        openai: "an LLM rewrites that answer: OPENAI_MODEL at OPENAI_BASE_URL",
        ollama: "an LLM rewrites that answer: OLLAMA_MODEL at OLLAMA_BASE_URL",
        llm: "an LLM rewrites that answer: the model LLM_MODEL names (provider:model)",
      },
      ["extractive", "openai", "ollama", "llm"],
      "Leave it empty for extractive, or for llm when LLM_MODEL is set.",
    ).optional(),
  ),
  ANSWER_MAX_SENTENCES: int(5, 1, 12),
  ANSWER_TIMEOUT_MS: int(15_000, 100, 300_000),
  MIN_EVIDENCE: num(0.35, 0, 2),
  HNSW_EF_SEARCH: int(64, 10, 2_000),
  DOCS_BASE_URL: optionalUrl,

  // Answering under load (engine pool, answer cache, hot reload)
  /** Worker threads that answer; unset: one fewer than the cores (at least 1, at most 4); 0 answers on the main thread. */
  ENGINE_WORKERS: optionalInt(0, 64),
  /** Questions that may wait for a worker; one more gets "busy, try again in a moment". */
  ENGINE_QUEUE_MAX: int(64, 0, 10_000),
  /** Answers remembered for repeated questions (per index generation); 0 turns the cache off. */
  ANSWER_CACHE_ENTRIES: int(1_000, 0, 1_000_000),
  /** How often the index folder's CURRENT is read for a new generation, besides file events (shared folders send none). */
  INDEX_POLL_MS: int(5_000, 200, 3_600_000),

  // Chat behaviour shared by the adapters
  MAX_QUESTION_CHARS: int(1_000, 20, 20_000),
  RATE_LIMIT_PER_MINUTE: int(8, 1, 10_000),
  ALLOW_DMS: flag(true),
  THREAD_FOLLOWUPS: flag(true),
  // Reliability
  /** How long SIGTERM/SIGINT wait for answers in progress before telling their askers the bot is restarting. */
  SHUTDOWN_GRACE_MS: int(10_000, 0, 600_000),
  /** How long posting one reply may keep retrying through a platform outage: the answer first, then an apology. */
  DELIVERY_RETRY_MS: int(30_000, 1_000, 600_000),

  // Store: threads, answers behind buttons, feedback, handled events, rate limits, jobs
  /** Empty: SQLite in DATA_DIR/citebot.sqlite, for one process. postgres://…: shared by every replica. */
  DATABASE_URL: postgresUrl,
  /** Connections each process keeps to PostgreSQL; replicas × this must stay under the server's max_connections. */
  DATABASE_POOL_SIZE: int(10, 1, 100),
  /** A thread idle this long is forgotten: a later follow-up there starts a new conversation. */
  THREAD_RETENTION_DAYS: int(30, 1, 3_650),
  /** Turns kept per thread; follow-ups read the newest few. */
  THREAD_TURNS_KEPT: int(10, 1, 200),
  /** How long 👍/👎 and "Post to channel" keep working on an answer. */
  ANSWER_RETENTION_DAYS: int(30, 1, 3_650),
  /** How long a worker holds a claimed question before another process may take it over (it extends while alive). */
  JOB_LEASE_MS: int(30_000, 2_000, 600_000),
  /** Attempts at answering one question (a crash or a failure each count) before it is given up. */
  JOB_MAX_ATTEMPTS: int(3, 1, 20),
  /** How often each process looks for accepted questions nobody answered (a process died after acknowledging them). */
  JOB_POLL_MS: int(1_000, 100, 60_000),

  // The knowledge loop: questions log, gap report, stale-answer alerts, document sets, escalation
  /** Record every question (hashed user id, never the raw one) for the gap report and the stale-answer check. */
  QUESTION_LOG: flag(true),
  /** Days logged questions, escalations and expert replies are kept. */
  QUESTION_LOG_RETENTION_DAYS: int(90, 1, 3_650),
  /** How alike (cosine, 0–1) two questions must be to share a gap-report cluster. */
  GAPS_SIMILARITY: num(0.5, 0.1, 0.99),
  /** A grounded answer whose best cited passage scores below this counts as weakly supported in the gap report. */
  GAPS_WEAK_SCORE: num(0.35, 0, 2),
  /** 👍 answers replayed against a new index after each ingest, as a regression check (0: none). */
  STALE_REPLAY_MAX: int(20, 0, 1_000),
  /** Post the stale-answer alert to ADMIN_CHANNEL after an ingest that changed cited sections. */
  STALE_ALERTS_TO_ADMIN: flag(true),
  /** Where the weekly gap digest and stale-answer alerts go: `slack:C…` and/or `discord:123…`, comma-separated. */
  ADMIN_CHANNEL: adminChannels,
  /** Who may ask `/ask gaps`: user ids, optionally `slack:`/`discord:`-prefixed, comma-separated. */
  ADMIN_USERS: list,
  /** The weekly gap digest in ADMIN_CHANNEL: `weekly` or `off`. */
  GAP_DIGEST: z.preprocess(emptyToUndefined, z.enum(["weekly", "off"]).default("weekly")),
  /** When the weekly digest is posted, in UTC: a weekday and a time, e.g. `mon 09:00`. */
  GAP_DIGEST_AT: z.preprocess(emptyToUndefined, z.string().trim().toLowerCase().regex(DIGEST_AT_FORM, { message: 'must be a weekday and a UTC time, e.g. "mon 09:00"' }).default("mon 09:00")),
  /** The per-channel document sets file; empty: citebot.yaml, citebot.yml or citebot.json in the working directory, if any. */
  DOCUMENT_SETS_FILE: optionalText,
  /** A "Still need help?" button under answers that posts the question to the experts. */
  ESCALATION: flag(false),
  /** Slack channel ID (C…/G…) the expert posts go to. */
  ESCALATION_SLACK_CHANNEL: z.preprocess(emptyToUndefined, z.string().trim().regex(/^[CG][A-Z0-9]{2,}$/, { message: "must be a Slack channel ID such as C0123ABCD" }).optional()),
  /** Slack user group ID (S…) mentioned in the expert post: the one mention citebot makes. Empty: no mention. */
  ESCALATION_SLACK_GROUP: z.preprocess(emptyToUndefined, z.string().trim().regex(/^S[A-Z0-9]{2,}$/, { message: "must be a Slack user group ID such as S0123ABCD" }).optional()),
  /** Discord channel ID the expert posts go to. */
  ESCALATION_DISCORD_CHANNEL: z.preprocess(emptyToUndefined, z.string().regex(/^\d{5,25}$/, { message: "must be a numeric Discord channel ID" }).optional()),
  /** Discord role ID mentioned in the expert post: the one mention citebot makes. Empty: no mention. */
  ESCALATION_DISCORD_ROLE: z.preprocess(emptyToUndefined, z.string().regex(/^\d{5,25}$/, { message: "must be a numeric Discord role ID" }).optional()),

  // Slack
  SLACK_BOT_TOKEN: prefixed("xoxb-", "the Bot User OAuth Token from OAuth & Permissions"),
  SLACK_APP_TOKEN: prefixed("xapp-", "an App-Level Token with connections:write, from Basic Information"),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_API_URL: optionalUrl,
  SLACK_COMMAND: z.preprocess(emptyToUndefined, z.string().regex(/^\/[a-z0-9_-]{1,31}$/, { message: 'must look like "/ask"' }).default("/ask")),
  SLACK_ALLOWED_CHANNELS: list,
  PORT: int(3000, 0, 65_535),

  // Discord
  DISCORD_TOKEN: optionalText,
  DISCORD_APP_ID: z.preprocess(emptyToUndefined, z.string().regex(/^\d{5,25}$/, { message: "must be the numeric Application ID" }).optional()),
  DISCORD_GUILD_ID: z.preprocess(emptyToUndefined, z.string().regex(/^\d{5,25}$/, { message: "must be a numeric server (guild) ID" }).optional()),
  DISCORD_API_URL: optionalUrl,
  DISCORD_REPLY_IN_THREAD: flag(false),
  DISCORD_ALLOWED_CHANNELS: list,
  /** Empty: one gateway connection in this process. `auto` (Discord's recommendation) or a count: one child process per shard. */
  DISCORD_SHARDS: z.preprocess(
    emptyToUndefined,
    z.union([z.literal("auto"), z.coerce.number({ message: SHARDS_FORM }).int({ message: SHARDS_FORM }).min(1, { message: SHARDS_FORM }).max(MAX_SHARDS, { message: SHARDS_FORM })], { error: () => SHARDS_FORM }).optional(),
  ),
  /** The shards this machine runs, of DISCORD_SHARDS's total: ids from 0, comma-separated; empty: all of them. */
  DISCORD_SHARD_IDS: list.pipe(
    z
      .array(z.string().regex(/^\d{1,5}$/, { message: "must be shard ids (0, 1, 2, …), comma-separated" }))
      .transform((entries) => [...new Set(entries.map(Number))].sort((a, b) => a - b)),
  ),

  // Opt-in LLM and hosted embeddings
  LLM_MODEL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .regex(LLM_MODEL_FORM, { message: 'must be provider:model, e.g. "openai:gpt-4o-mini", "ollama:llama3.1" or "anthropic:claude-sonnet-4-5"' })
      .optional(),
  ),
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_API_KEY: optionalText,
  OPENAI_MODEL: z.preprocess(emptyToUndefined, z.string().default("gpt-4o-mini")),
  OPENAI_EMBEDDINGS_MODEL: z.preprocess(emptyToUndefined, z.string().default("text-embedding-3-small")),
  OLLAMA_BASE_URL: z.preprocess(emptyToUndefined, z.url().default("http://127.0.0.1:11434")),
  OLLAMA_MODEL: z.preprocess(emptyToUndefined, z.string().default("llama3.1")),
  OLLAMA_EMBEDDINGS_MODEL: z.preprocess(emptyToUndefined, z.string().default("nomic-embed-text")),
  LLM_TEMPERATURE: num(0, 0, 2),
  LLM_TIMEOUT_MS: int(20_000, 100, 600_000),
  LLM_MAX_TOKENS: int(400, 16, 8_000),
});

type ParsedConfig = z.infer<typeof ConfigSchema>;
export type GeneratorChoice = NonNullable<ParsedConfig["GENERATOR"]>;
export type Config = Omit<ParsedConfig, "INDEX_DIR" | "GENERATOR"> & { INDEX_DIR: string; GENERATOR: GeneratorChoice };

/** Parses settings; every bad or missing one is named in a single error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".") || "(settings)"}: ${issue.message}`);
    throw new CitebotError(ErrorCode.ConfigInvalid, `Invalid settings (check .env; .env.example documents each):\n${lines.join("\n")}`);
  }
  const config = result.data;
  const problems = crossCheck(config);
  if (problems.length > 0) {
    throw new CitebotError(ErrorCode.ConfigInvalid, `Invalid settings (check .env; .env.example documents each):\n${problems.map((p) => `  ${p}`).join("\n")}`);
  }
  return { ...config, INDEX_DIR: config.INDEX_DIR ?? path.join(config.DATA_DIR, "index"), GENERATOR: resolveGenerator(config) };
}

/** LLM_MODEL alone turns the generator on; GENERATOR=openai|ollama keep their own model settings. */
function resolveGenerator(config: ParsedConfig): GeneratorChoice {
  return config.GENERATOR ?? (config.LLM_MODEL ? "llm" : "extractive");
}

function crossCheck(config: ParsedConfig): string[] {
  const problems: string[] = [];
  const slackAny = config.SLACK_APP_TOKEN || config.SLACK_SIGNING_SECRET;
  if (slackAny && !config.SLACK_BOT_TOKEN) {
    problems.push("SLACK_BOT_TOKEN: missing; Slack needs the Bot User OAuth Token (xoxb-…) from your app's OAuth & Permissions page");
  }
  if (config.SLACK_BOT_TOKEN && !config.SLACK_APP_TOKEN && !config.SLACK_SIGNING_SECRET) {
    problems.push(
      "SLACK_APP_TOKEN or SLACK_SIGNING_SECRET: missing; set SLACK_APP_TOKEN (xapp-…, Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode, from Basic Information › App Credentials)",
    );
  }
  if (config.DISCORD_TOKEN && !config.DISCORD_APP_ID) {
    problems.push("DISCORD_APP_ID: missing; copy the Application ID from the Discord Developer Portal › General Information");
  }
  if (config.DISCORD_APP_ID && !config.DISCORD_TOKEN) {
    problems.push("DISCORD_TOKEN: missing; copy the bot token from the Discord Developer Portal › Bot › Reset Token");
  }
  if (config.DISCORD_SHARD_IDS.length > 0 && config.DISCORD_SHARDS === undefined) {
    problems.push("DISCORD_SHARDS: missing; DISCORD_SHARD_IDS picks shards of a total that DISCORD_SHARDS sets (a count, or auto)");
  }
  if (typeof config.DISCORD_SHARDS === "number" && config.DISCORD_SHARD_IDS.some((id) => id >= Number(config.DISCORD_SHARDS))) {
    problems.push(`DISCORD_SHARD_IDS: ids run from 0 to ${config.DISCORD_SHARDS - 1} with DISCORD_SHARDS=${config.DISCORD_SHARDS}; got ${config.DISCORD_SHARD_IDS.join(",")}`);
  }
  if (config.DISCORD_SHARDS !== undefined && !(config.DISCORD_TOKEN && config.DISCORD_APP_ID)) {
    problems.push("DISCORD_TOKEN and DISCORD_APP_ID: missing; DISCORD_SHARDS runs the Discord bot in shards, which needs both");
  }
  if (config.LLM_MODEL && config.GENERATOR && config.GENERATOR !== "llm") {
    problems.push(
      `GENERATOR and LLM_MODEL: both choose the generator (GENERATOR=${config.GENERATOR}, LLM_MODEL=${config.LLM_MODEL}); leave GENERATOR empty (or set it to llm) to use LLM_MODEL, or empty LLM_MODEL to keep GENERATOR=${config.GENERATOR}`,
    );
  }
  if (config.GENERATOR === "llm" && !config.LLM_MODEL) {
    problems.push('LLM_MODEL: missing; GENERATOR=llm needs LLM_MODEL=provider:model, e.g. "openai:gpt-4o-mini" or "ollama:llama3.1"');
  }
  if (config.ESCALATION && !config.ESCALATION_SLACK_CHANNEL && !config.ESCALATION_DISCORD_CHANNEL) {
    problems.push("ESCALATION_SLACK_CHANNEL or ESCALATION_DISCORD_CHANNEL: missing; ESCALATION=on needs a channel to post the experts' questions to");
  }
  if (config.ESCALATION_SLACK_GROUP && !config.ESCALATION_SLACK_CHANNEL) {
    problems.push("ESCALATION_SLACK_CHANNEL: missing; ESCALATION_SLACK_GROUP is mentioned in a post to that channel");
  }
  if (config.ESCALATION_DISCORD_ROLE && !config.ESCALATION_DISCORD_CHANNEL) {
    problems.push("ESCALATION_DISCORD_CHANNEL: missing; ESCALATION_DISCORD_ROLE is mentioned in a post to that channel");
  }
  const openAIChat = config.GENERATOR === "openai" || (resolveGenerator(config) === "llm" && config.LLM_MODEL?.startsWith("openai:"));
  if ((openAIChat || config.EMBEDDINGS === "openai") && !config.OPENAI_API_KEY && !config.OPENAI_BASE_URL) {
    problems.push("OPENAI_API_KEY: missing; GENERATOR=openai, LLM_MODEL=openai:… or EMBEDDINGS=openai needs an API key (or OPENAI_BASE_URL for a keyless local endpoint)");
  }
  return problems;
}

export function slackEnabled(config: Config): boolean {
  return Boolean(config.SLACK_BOT_TOKEN);
}

export function discordEnabled(config: Config): boolean {
  return Boolean(config.DISCORD_TOKEN && config.DISCORD_APP_ID);
}

/** Whether `npm start` runs Discord as shards in child processes (DISCORD_SHARDS set) rather than in its own process. */
export function discordSharded(config: Config): boolean {
  return discordEnabled(config) && config.DISCORD_SHARDS !== undefined;
}
