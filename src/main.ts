import "./load-env.js";
import { runTerminalChat, stopOnSignals } from "./cli/chat.js";
import { configOrExit, ExitCode, reportFatal } from "./cli/exit.js";
import { parseFlags } from "./cli/flags.js";
import { fileURLToPath } from "node:url";
import { type DiscordShards, SHARD_CHILD_OPTION, planShards, startDiscordShards } from "./cli/discord-shards.js";
import { installProcessGuard } from "./cli/process-guard.js";
import { discordEnabled, discordSharded, slackEnabled } from "./config.js";

const HELP = {
  name: "start",
  text: `Usage: npm start

Runs citebot with the settings in .env (see .env.example): the Slack bot when SLACK_BOT_TOKEN is set, the
Discord bot when DISCORD_TOKEN and DISCORD_APP_ID are, both when both are; with neither, the terminal chat.
Builds the index from CORPUS_DIR first if there is none yet. Serves GET /healthz on PORT. Stops on SIGTERM or
Ctrl-C, finishing answers in progress for up to SHUTDOWN_GRACE_MS. With DISCORD_SHARDS, Discord runs in one
child process per shard (DISCORD_SHARD_IDS of them), and this process serves /healthz for them.

  -h, --help  this text

Example: SLACK_BOT_TOKEN=xoxb-… SLACK_APP_TOKEN=xapp-… npm start`,
};

/** Past the grace period, notices to askers and disconnecting may take this long before the process exits regardless. */
const SHUTDOWN_BACKSTOP_MS = 15_000;

// The flag is how a shard child (started by this same file as the shard parent) knows it runs one Discord shard.
const flags = parseFlags(process.argv.slice(2), { [SHARD_CHILD_OPTION]: { type: "boolean" } }, HELP);
if (!flags.ok) process.exit(flags.exitCode);
const role = flags.values[SHARD_CHILD_OPTION] ? "discord-shard" : "whole";

const config = configOrExit();
// Loaded only now, so --help and a bad flag answer at once.
const { createAppLogger, createCitebot } = await import("./app.js");
const chatOnly = !slackEnabled(config) && !discordEnabled(config);
const sharded = role === "whole" && discordSharded(config);
const logger = createAppLogger(config, { quiet: chatOnly });
// One bad input or a library's stray rejection costs a log line, never the bot (see process-guard.ts).
installProcessGuard(logger);

if (chatOnly) {
  // No platform tokens: the terminal chat (the same as `npm run chat`), so a newcomer gets an answer with no setup.
  process.exit(await runTerminalChat(config, logger, stopOnSignals()));
}

// Checked before anything starts: a wrong token or shard id is one message, not a child per shard failing.
const shardPlan = sharded ? await planShards(config).catch((error: unknown) => process.exit(reportFatal(error, logger))) : undefined;
const citebot = await createCitebot(config, logger, role === "discord-shard" ? role : sharded ? "shard-parent" : "whole").catch((error: unknown) => process.exit(reportFatal(error, logger)));
let shards: DiscordShards | undefined;

let stopping = false;
async function shutdown(signal: NodeJS.Signals | "parent-gone"): Promise<void> {
  // npm and a terminal both pass on one Ctrl-C, so a repeat is expected and changes nothing.
  if (stopping) return;
  stopping = true;
  logger.info({ signal, graceMs: config.SHUTDOWN_GRACE_MS }, "stopping: finishing answers in progress");
  const backstop = setTimeout(() => {
    logger.error("stopping took too long after the grace period; exiting anyway");
    process.exit(ExitCode.AnswersAbandoned);
  }, config.SHUTDOWN_GRACE_MS + SHUTDOWN_BACKSTOP_MS);
  backstop.unref();
  // The shards drain in their own processes, at the same time as this one's answers.
  const [report, shardsExit] = await Promise.all([citebot.stop(config.SHUTDOWN_GRACE_MS), shards?.stop() ?? Promise.resolve(ExitCode.Ok)]);
  if (shardsExit !== ExitCode.Ok) logger.warn({ exitCode: shardsExit }, "a Discord shard did not stop cleanly");
  if (report.abandoned > 0) logger.warn(report, "answers still in progress at the end of the grace period; their askers were told the bot is restarting");
  logger.info(report, "stopped");
  process.exit(report.abandoned > 0 ? ExitCode.AnswersAbandoned : shardsExit);
}
process.on("SIGTERM", (signal) => void shutdown(signal));
process.on("SIGINT", (signal) => void shutdown(signal));
// A shard whose parent died (kill -9, a crash) stops too, rather than run on beside the shards of the parent's restart.
if (role === "discord-shard") process.on("disconnect", () => void shutdown("parent-gone"));

try {
  await citebot.start();
  if (shardPlan && !stopping) {
    // The index is built and the store migrated by now, so the children only open them.
    shards = startDiscordShards({ file: fileURLToPath(import.meta.url), execArgv: process.execArgv, token: config.DISCORD_TOKEN ?? "", health: citebot.health, logger }, shardPlan);
    logger.info({ total: shardPlan.total, ids: shardPlan.ids }, `starting Discord shards ${shardPlan.ids.join(",")} of ${shardPlan.total}`);
    await shards.ready;
    logger.info({ total: shardPlan.total, ids: shardPlan.ids }, "Discord shards connected");
  }
  logger.info({ documents: (await citebot.engine).topics().length, adapters: citebot.adapters.map((adapter) => adapter.name) }, "citebot ready");
} catch (error) {
  // A stop during start-up aborts the connection attempts; shutdown() exits then.
  if (!stopping) process.exit(reportFatal(error, logger));
}
