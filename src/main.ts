import "./load-env.js";
import { createDiscordBot } from "./adapters/discord/client.js";
import { createSlackApp } from "./adapters/slack/app.js";
import { conversationLimits, createConversation } from "./chat/conversation.js";
import { feedbackFile, openFeedbackStore } from "./chat/feedback-store.js";
import { cliLogger, configOrExit, reportFatal, startEngine } from "./cli/boot.js";
import { runChat } from "./cli/chat.js";
import { discordEnabled, slackEnabled } from "./config.js";

/** How long SIGTERM waits for answers in progress before exiting anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

const config = configOrExit();
const chatOnly = !slackEnabled(config) && !discordEnabled(config);
const logger = cliLogger(config, { quiet: chatOnly });
// A stray rejection in a platform client must not take down the bot for everyone; log it and carry on.
process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled rejection"));

try {
  const engine = await startEngine(config, logger);
  if (chatOnly) {
    // No platform tokens: the terminal chat, so a newcomer gets an answer with no setup.
    await runChat(engine, config, logger);
    process.exit(0);
  }
  const conversation = createConversation({ engine, logger: logger.child({ component: "conversation" }), ...conversationLimits(config) });
  const feedback = openFeedbackStore(feedbackFile(config.DATA_DIR));
  const running: Array<{ name: string; stop: () => Promise<void> }> = [];
  if (slackEnabled(config)) {
    const slack = createSlackApp({ config, conversation, feedback, logger, topics: () => engine.topics() });
    const started = await slack.start();
    logger.info(started, `Slack adapter ready (${started.mode === "socket" ? "Socket Mode" : `HTTP on port ${started.port}`})`);
    running.push({ name: "slack", stop: () => slack.stop() });
  }
  if (discordEnabled(config)) {
    const discord = createDiscordBot({ config, conversation, feedback, logger });
    await discord.start();
    logger.info("Discord adapter ready");
    running.push({ name: "discord", stop: () => discord.stop() });
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping: finishing answers in progress");
    const force = setTimeout(() => {
      logger.warn("answers still in progress after the grace period; exiting");
      process.exit(0);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    await Promise.allSettled(running.map((adapter) => adapter.stop()));
    logger.info("stopped");
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
} catch (error) {
  process.exit(reportFatal(error, logger));
}
