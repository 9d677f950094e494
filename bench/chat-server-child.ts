import { z } from "zod";
import { createSlackBot } from "../src/adapters/slack/bot.js";
import { conversationOptions, engineOptions, indexOptions, openEngine, slackConnection, slackOptions, storeOptions } from "../src/app.js";
import { createConversation } from "../src/chat/conversation.js";
import { loadConfig } from "../src/config.js";
import type { Engine } from "../src/engine/answer.js";
import { UseLiteEmbeddings } from "../src/index/embedder.js";
import { createLogger } from "../src/logger.js";
import { openStore } from "../src/store/open-store.js";
import { startWorkerEngine } from "./worker-engine.js";

// Child process: the bot as `npm start` would run it in Slack HTTP mode, on its own core, apart from the load generator.
const Args = z.object({
  indexDir: z.string(),
  dataDir: z.string(),
  apiUrl: z.url(),
  signingSecret: z.string().min(1),
  /** Experiment, not shipped behaviour: answer on a worker thread so the main thread only talks to Slack. */
  answerInWorker: z.boolean().default(false),
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
});
const logger = createLogger({ level: config.LOG_LEVEL });
const settings = { ...engineOptions(config), ...indexOptions(config) };
const engine: Engine = args.answerInWorker ? await startWorkerEngine(config.INDEX_DIR, settings) : await openInProcess();
// The store npm start runs on, so the benchmark measures its writes too.
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
  void adapter.stop().then(() => store.close()).then(() => process.exit(0));
});

async function openInProcess(): Promise<Engine> {
  const embeddings = new UseLiteEmbeddings();
  await embeddings.load();
  return openEngine({ indexDir: config.INDEX_DIR, embeddings, logger }, settings);
}
