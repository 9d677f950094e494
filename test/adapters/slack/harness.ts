import { EventEmitter } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type SlackBot, createSlackBot } from "../../../src/adapters/slack/bot.js";
import { conversationOptions, slackConnection, slackOptions } from "../../../src/app.js";
import { createConversation } from "../../../src/chat/conversation.js";
import { loadConfig } from "../../../src/config.js";
import type { Engine } from "../../../src/engine/answer.js";
import type { KnowledgeHooks } from "../../../src/chat/knowledge-hooks.js";
import type { SlackEscalation } from "../../../src/adapters/slack/on-escalate.js";
import { createLogger } from "../../../src/logger.js";
import { openStore } from "../../../src/store/open-store.js";
import type { FeedbackLog } from "../../../src/store/feedback.js";
import type { Store } from "../../../src/store/store.js";
import { scriptedEngine } from "../../fakes/engine.js";
import { type FakeSlack, startFakeSlack } from "../../fakes/slack.js";
import { type PostResult, eventEnvelope, signedPost } from "../../fakes/slack-requests.js";

export const BOT_TOKEN = "xoxb-1111-2222-secretbottoken";
export const APP_TOKEN = "xapp-1-A111-secretapptoken";
export const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

export interface LogRecord {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** Everything the adapter logged, as parsed pino records, plus a way to await one. */
export interface CapturedLogs {
  records: LogRecord[];
  raw: string[];
  waitFor(matches: (record: LogRecord) => boolean): Promise<LogRecord>;
}

function captureLogs(): { logs: CapturedLogs; destination: { write(line: string): void } } {
  const events = new EventEmitter();
  const records: LogRecord[] = [];
  const raw: string[] = [];
  const destination = {
    write(line: string) {
      raw.push(line);
      const record = JSON.parse(line) as LogRecord;
      records.push(record);
      events.emit("record", record);
    },
  };
  const waitFor = (matches: (record: LogRecord) => boolean) =>
    new Promise<LogRecord>((resolve) => {
      const found = records.find(matches);
      if (found) return resolve(found);
      const listener = (record: LogRecord) => {
        if (!matches(record)) return;
        events.off("record", listener);
        resolve(record);
      };
      events.on("record", listener);
    });
  return { logs: { records, raw, waitFor }, destination };
}

export interface HarnessOptions {
  engine?: Engine;
  mode?: "http" | "socket";
  env?: Record<string, string>;
  /** The scopes the fake Slack reports for the bot token; the manifest's by default. */
  scopes?: string[];
  /** Document sets, `gaps` and the questions log, as createCitebot wires them. */
  knowledge?: KnowledgeHooks;
  /** "Still need help?" handling, as createCitebot passes it with ESCALATION on. */
  escalation?: SlackEscalation;
}

export interface Harness {
  fake: FakeSlack;
  adapter: SlackBot;
  engine: Engine;
  /** The durable store the bot runs on (SQLite in dataDir), as `npm start` builds it. */
  store: Store;
  feedback: FeedbackLog;
  dataDir: string;
  logs: CapturedLogs;
  /** Bolt's events URL (HTTP mode). */
  eventsUrl: string;
  baseUrl: string;
  /** Sends one event as Slack would: signed, or over the socket in Socket Mode. */
  sendEvent(event: Record<string, unknown>): Promise<void>;
  /** POSTs a signed body to Bolt (HTTP mode). */
  post(body: string, contentType: string, options?: { secret?: string; timestamp?: number }): Promise<PostResult>;
  close(): Promise<void>;
}

/** The real Bolt app with a real conversation over a scripted engine, pointed at a loopback fake Slack. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await startFakeSlack({ scopes: options.scopes });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "citebot-slack-"));
  const { logs, destination } = captureLogs();
  const logger = createLogger({ level: "debug", destination });
  const mode = options.mode ?? "http";
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    ...(mode === "socket" ? { SLACK_APP_TOKEN: APP_TOKEN } : { SLACK_SIGNING_SECRET: SIGNING_SECRET }),
    SLACK_API_URL: fake.apiUrl,
    PORT: "0",
    DATA_DIR: dataDir,
    ANSWER_TIMEOUT_MS: "10000",
    RATE_LIMIT_PER_MINUTE: "1000",
    ...options.env,
  });
  const engine = options.engine ?? scriptedEngine();
  const store = await openStore({ dataDir: config.DATA_DIR });
  const conversation = createConversation({ engine, logger, state: store, ...(options.knowledge ? { knowledge: options.knowledge } : {}) }, conversationOptions(config));
  const feedback = store.feedback;
  const adapter = createSlackBot({ conversation, feedback, events: store.events, logger, topics: () => engine.topics(), ...(options.escalation ? { escalation: options.escalation } : {}) }, { ...slackConnection(config), host: "127.0.0.1" }, slackOptions(config));
  const started = await adapter.start();
  const baseUrl = `http://127.0.0.1:${started.port ?? 0}`;
  if (mode === "socket") await fake.socket.connected();

  const post = (body: string, contentType: string, sign: { secret?: string; timestamp?: number } = {}) =>
    signedPost(`${baseUrl}/slack/events`, body, contentType, { secret: sign.secret ?? SIGNING_SECRET, timestamp: sign.timestamp });

  let envelopes = 0;
  return {
    fake,
    adapter,
    engine,
    store,
    feedback,
    dataDir,
    logs,
    eventsUrl: `${baseUrl}/slack/events`,
    baseUrl,
    post,
    async sendEvent(event) {
      if (mode === "socket") {
        await fake.socket.send({ type: "events_api", envelope_id: `env-${++envelopes}`, accepts_response_payload: false, retry_attempt: 0, retry_reason: "", payload: eventEnvelope(event) });
        return;
      }
      const result = await post(JSON.stringify(eventEnvelope(event)), "application/json");
      if (result.status !== 200) throw new Error(`Bolt answered ${result.status}: ${result.body}`);
    },
    async close() {
      await adapter.stop();
      await fake.close();
      // A test may have closed it already, to make the store fail.
      await store.close().catch(() => undefined);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The text of every section, context and button in a posted message, for assertions about what users see. Button
 * values are left out: Slack never renders them (they carry what a click needs to record a vote).
 */
export function visibleText(args: Record<string, unknown>): string {
  return JSON.stringify({ text: args.text, blocks: args.blocks }, (key, value: unknown) => (key === "value" ? undefined : value));
}
