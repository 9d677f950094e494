import { z } from "zod";
import { createSlackApp } from "../adapters/slack/app.js";
import { createConversation } from "../chat/conversation.js";
import { feedbackFile, openFeedbackStore } from "../chat/feedback-store.js";
import { loadConfig } from "../config.js";
import type { Engine } from "../engine/answer.js";
import { engineSettings, openEngine } from "../engine/engine.js";
import { UseLiteEmbeddings } from "../index/embedder.js";
import { createLogger } from "../logger.js";

// Child process: the bot as `npm start` would run it in Slack HTTP mode, on its own core, apart from the load generator.
const Args = z.object({
  indexDir: z.string(),
  dataDir: z.string(),
  apiUrl: z.url(),
  signingSecret: z.string().min(1),
  /**
   * Experiment, not shipped behaviour: answers run one at a time, each started from a fresh macrotask,
   * so the event loop reads and acks newly arrived commands between two answers.
   */
  queueAnswers: z.boolean().default(false),
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
const embeddings = new UseLiteEmbeddings();
await embeddings.load();
const opened = await openEngine(config.INDEX_DIR, embeddings, engineSettings(config), logger);
const engine: Engine = args.queueAnswers ? answerOneAtATime(opened) : opened;
const conversation = createConversation({
  engine,
  logger,
  maxQuestionChars: config.MAX_QUESTION_CHARS,
  rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
  answerTimeoutMs: config.ANSWER_TIMEOUT_MS,
});
const adapter = createSlackApp({ config, conversation, feedback: openFeedbackStore(feedbackFile(config.DATA_DIR)), logger, topics: engine.topics, host: "127.0.0.1" });
const { port } = await adapter.start();
process.stdout.write(`ready ${port}\n`);
// The parent closes stdin when the load is over.
process.stdin.resume();
process.stdin.on("end", () => {
  void adapter.stop().then(() => process.exit(0));
});

function answerOneAtATime(inner: Engine): Engine {
  let last: Promise<unknown> = Promise.resolve();
  return {
    topics: () => inner.topics(),
    answer(question, options) {
      const turn = last.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(() => inner.answer(question, options));
      last = turn.catch(() => undefined);
      return turn;
    },
  };
}
