import { z } from "zod";
import { createSlackBot } from "../src/adapters/slack/bot.js";
import { conversationOptions, slackConnection, slackOptions, startEngine, storeOptions } from "../src/app.js";
import { createConversation } from "../src/chat/conversation.js";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/logger.js";
import { openStore } from "../src/store/open-store.js";

// Child process: the bot as `npm start` would run it in Slack HTTP mode, on its own core, apart from the load generator.
const Args = z.object({
  indexDir: z.string(),
  dataDir: z.string(),
  apiUrl: z.url(),
  signingSecret: z.string().min(1),
  /** ENGINE_WORKERS: engine worker threads (0 answers on the main thread, beside Bolt). */
  workers: z.number().int().min(0),
});
const args = Args.parse(JSON.parse(process.argv[2] ?? "{}"));
const config = loadConfig({
  INDEX_DIR: args.indexDir,
  DATA_DIR: args.dataDir,
  SLACK_BOT_TOKEN: "xoxb-bench-0000",
  SLACK_SIGNING_SECRET: args.signingSecret,
  SLACK_API_URL: args.apiUrl,
  PORT: "0",
  LOG_LEVEL: "warn",
  // The load repeats the bench's questions: a cache would measure lookups, not answering.
  ANSWER_CACHE_ENTRIES: "0",
  // The index is built already; no first-run ingest (startEngine warns once that the folder is missing).
  CORPUS_DIR: `${args.indexDir}-no-corpus`,
});
const logger = createLogger({ level: config.LOG_LEVEL });
// Composed as `npm start` composes it: startEngine with the pool (or not), hot reload on, on the store npm start runs on.
const engine = await startEngine(config, logger, { workers: args.workers });
const store = await openStore(storeOptions(config));
const conversation = createConversation({ engine, logger, state: store }, conversationOptions(config));
const adapter = createSlackBot(
  { conversation, feedback: store.feedback, events: store.events, logger, topics: engine.topics },
  { ...slackConnection(config), host: "127.0.0.1" },
  slackOptions(config),
);
const { port } = await adapter.start();
process.stdout.write(`ready ${port}\n`);
// The parent closes stdin when the load is over.
process.stdin.resume();
process.stdin.on("end", () => {
  void adapter
    .stop()
    .then(() => engine.close())
    .then(() => store.close())
    .then(() => process.exit(0));
});

