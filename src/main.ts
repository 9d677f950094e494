import "./load-env.js";
import { runTerminalChat, stopOnSignals } from "./cli/chat.js";
import { configOrExit, ExitCode, reportFatal } from "./cli/exit.js";
import { parseFlags } from "./cli/flags.js";
import { installProcessGuard } from "./cli/process-guard.js";
import { discordEnabled, slackEnabled } from "./config.js";

const HELP = {
  name: "start",
  text: `Usage: npm start

Runs citebot with the settings in .env (see .env.example): the Slack bot when SLACK_BOT_TOKEN is set, the
Discord bot when DISCORD_TOKEN and DISCORD_APP_ID are, both when both are; with neither, the terminal chat.
Builds the index from CORPUS_DIR first if there is none yet. Serves GET /healthz on PORT. Stops on SIGTERM or
Ctrl-C, finishing answers in progress for up to SHUTDOWN_GRACE_MS.

  -h, --help  this text

Example: SLACK_BOT_TOKEN=xoxb-… SLACK_APP_TOKEN=xapp-… npm start`,
};

/** Past the grace period, notices to askers and disconnecting may take this long before the process exits regardless. */
const SHUTDOWN_BACKSTOP_MS = 15_000;

const flags = parseFlags(process.argv.slice(2), {}, HELP);
if (!flags.ok) process.exit(flags.exitCode);

const config = configOrExit();
// Loaded only now, so --help and a bad flag answer at once.
const { createAppLogger, createCitebot } = await import("./app.js");
const chatOnly = !slackEnabled(config) && !discordEnabled(config);
const logger = createAppLogger(config, { quiet: chatOnly });
// One bad input or a library's stray rejection costs a log line, never the bot (see process-guard.ts).
installProcessGuard(logger);

if (chatOnly) {
  // No platform tokens: the terminal chat (the same as `npm run chat`), so a newcomer gets an answer with no setup.
  process.exit(await runTerminalChat(config, logger, stopOnSignals()));
}

const citebot = await createCitebot(config, logger).catch((error: unknown) => process.exit(reportFatal(error, logger)));

let stopping = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  // npm and a terminal both pass on one Ctrl-C, so a repeat is expected and changes nothing.
  if (stopping) return;
  stopping = true;
  logger.info({ signal, graceMs: config.SHUTDOWN_GRACE_MS }, "stopping: finishing answers in progress");
  const backstop = setTimeout(() => {
    logger.error("stopping took too long after the grace period; exiting anyway");
    process.exit(ExitCode.AnswersAbandoned);
  }, config.SHUTDOWN_GRACE_MS + SHUTDOWN_BACKSTOP_MS);
  backstop.unref();
  const report = await citebot.stop(config.SHUTDOWN_GRACE_MS);
  if (report.abandoned > 0) logger.warn(report, "answers still in progress at the end of the grace period; their askers were told the bot is restarting");
  logger.info(report, "stopped");
  process.exit(report.abandoned > 0 ? ExitCode.AnswersAbandoned : ExitCode.Ok);
}
process.on("SIGTERM", (signal) => void shutdown(signal));
process.on("SIGINT", (signal) => void shutdown(signal));

try {
  await citebot.start();
  logger.info({ documents: (await citebot.engine).topics().length, adapters: citebot.adapters.map((adapter) => adapter.name) }, "citebot ready");
} catch (error) {
  // A stop during start-up aborts the connection attempts; shutdown() exits then.
  if (!stopping) process.exit(reportFatal(error, logger));
}
