import "./load-env.js";
import { createDiscordBot } from "./adapters/discord/client.js";
import { createHealth, startHealthServer } from "./adapters/health.js";
import { createSlackApp } from "./adapters/slack/app.js";
import { conversationLimits, createConversation } from "./chat/conversation.js";
import { createDrain } from "./chat/drain.js";
import { feedbackFile, openFeedbackStore } from "./chat/feedback-store.js";
import { cliLogger, configOrExit, pendingEngine, reportFatal, startEngine } from "./cli/boot.js";
import { runChat } from "./cli/chat.js";
import { ExitCode } from "./cli/exit-codes.js";
import { installProcessGuard } from "./cli/process-guard.js";
import { discordEnabled, slackEnabled } from "./config.js";
import type { Engine } from "./engine/answer.js";

/** Past the grace period, notices to askers and disconnecting may take this long before the process exits regardless. */
const SHUTDOWN_BACKSTOP_MS = 15_000;

const config = configOrExit();
const chatOnly = !slackEnabled(config) && !discordEnabled(config);
const logger = cliLogger(config, { quiet: chatOnly });
// One bad input or a library's stray rejection costs a log line, never the bot (see process-guard.ts).
installProcessGuard(logger);

if (chatOnly) {
  // No platform tokens: the terminal chat, so a newcomer gets an answer with no setup.
  try {
    await runChat(await startEngine(config, logger), config, logger);
    process.exit(ExitCode.Ok);
  } catch (error) {
    process.exit(reportFatal(error, logger));
  }
}

let engine: Engine | undefined;
const health = createHealth({ documents: () => engine?.topics().length ?? 0 });
const drain = createDrain();
const slackOverHttp = slackEnabled(config) && !config.SLACK_APP_TOKEN;
// Slack's HTTP server carries /healthz itself; otherwise a listener of its own, up before anything can fail.
const healthServer = slackOverHttp ? undefined : await startHealthServer({ port: config.PORT, health, logger });
if (healthServer) logger.info({ port: healthServer.port }, `serving /healthz on port ${healthServer.port}`);

// The engine loads while the platforms connect; questions that arrive first wait for it.
const loading = startEngine(config, logger).then((loaded) => (engine = loaded));
const conversation = createConversation({ engine: pendingEngine(loading), logger: logger.child({ component: "conversation" }), ...conversationLimits(config) });
const feedback = openFeedbackStore(feedbackFile(config.DATA_DIR));
const shared = { config, conversation, feedback, logger, health, drain };
const adapters: Array<{ name: string; start: () => Promise<void>; stop: () => Promise<void> }> = [];
try {
  if (slackEnabled(config)) {
    const slack = createSlackApp({ ...shared, topics: () => engine?.topics() ?? [] });
    adapters.push({
      name: "slack",
      start: async () => {
        const started = await slack.start();
        logger.info(started, `Slack adapter ready (${started.mode === "socket" ? "Socket Mode" : `HTTP on port ${started.port}`})`);
      },
      stop: () => slack.stop(),
    });
  }
  if (discordEnabled(config)) {
    const discord = createDiscordBot(shared);
    adapters.push({
      name: "discord",
      start: async () => {
        await discord.start();
        logger.info("Discord adapter ready");
      },
      stop: () => discord.stop(),
    });
  }
} catch (error) {
  process.exit(reportFatal(error, logger));
}

let stopping = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  // npm and a terminal both pass on one Ctrl-C, so a repeat is expected and changes nothing.
  if (stopping) return;
  stopping = true;
  health.setDraining();
  logger.info({ signal, graceMs: config.SHUTDOWN_GRACE_MS }, "stopping: finishing answers in progress");
  const backstop = setTimeout(() => {
    logger.error("stopping took too long after the grace period; exiting anyway");
    process.exit(ExitCode.AnswersAbandoned);
  }, config.SHUTDOWN_GRACE_MS + SHUTDOWN_BACKSTOP_MS);
  backstop.unref();
  const report = await drain.settle(config.SHUTDOWN_GRACE_MS);
  if (report.abandoned > 0) logger.warn(report, "answers still in progress at the end of the grace period; their askers were told the bot is restarting");
  await Promise.allSettled(adapters.map((adapter) => adapter.stop()));
  await healthServer?.close();
  logger.info(report, "stopped");
  process.exit(report.abandoned > 0 ? ExitCode.AnswersAbandoned : ExitCode.Ok);
}
process.on("SIGTERM", (signal) => void shutdown(signal));
process.on("SIGINT", (signal) => void shutdown(signal));

try {
  await Promise.all([loading, ...adapters.map((adapter) => adapter.start())]);
  logger.info({ documents: engine?.topics().length ?? 0, adapters: adapters.map((adapter) => adapter.name) }, "citebot ready");
} catch (error) {
  // A stop during start-up aborts the connection attempts; shutdown() exits then.
  if (!stopping) process.exit(reportFatal(error, logger));
}
