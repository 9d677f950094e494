import { isCitebotError } from "../errors.js";
import { configOrExit, ExitCode } from "./exit.js";
import { parseFlags } from "./flags.js";

const HELP = {
  name: "ingest",
  text: `Usage: npm run ingest -- [--quiet] [--watch]

Reads every document in CORPUS_DIR (Markdown, HTML, text, PDF, Word), chunks and embeds it, and writes the
index to INDEX_DIR. Only files that changed since the last run are embedded again; the index being served is
replaced in one step at the end.

  -q, --quiet  warnings only (no info logs)
  -w, --watch  stay running and ingest again once files under CORPUS_DIR settle after a change (a running bot
               picks the new index up by itself)
  -h, --help   this text

Example: CORPUS_DIR=~/handbook npm run ingest`,
};

/** `npm run ingest`: builds or refreshes the index and prints a summary; returns the exit code. */
export async function runIngest(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, { quiet: { type: "boolean", short: "q" }, watch: { type: "boolean", short: "w" } }, HELP);
  if (!flags.ok) return flags.exitCode;
  const config = configOrExit();
  // Loaded only now, so --help and a bad flag answer at once.
  const { createAppLogger, describeIngest, ingestCorpus } = await import("../app.js");
  const logger = createAppLogger(flags.values.quiet ? { ...config, LOG_LEVEL: "warn" } : config);
  const once = async (): Promise<number> => {
    try {
      const summary = await ingestCorpus(config, logger);
      process.stderr.write(`${describeIngest(summary, config)}\n`);
      // After the summary, and never the ingest's exit code: the index is written whatever the check finds.
      const { checkAnswersAfterIngest } = await import("./stale-after-ingest.js");
      const checked = await checkAnswersAfterIngest(config, logger);
      process.stderr.write(`${checked.text}\n`);
      if (checked.report) {
        const { postStaleAlert } = await import("./stale-alert.js");
        for (const line of await postStaleAlert(config, checked.report, logger)) process.stderr.write(`${line}\n`);
      }
      return ExitCode.Ok;
    } catch (error) {
      process.stderr.write(`Ingest failed: ${(error as Error).message}\n`);
      if (!isCitebotError(error)) logger.error({ err: error }, "ingest failed");
      return ExitCode.Failed;
    }
  };
  if (!flags.values.watch) return once();
  // Watching starts before the first ingest, so a change made while it runs (or just after) is ingested next.
  const { watchCorpus } = await import("../index/watch-corpus.js");
  const watcher = watchCorpus(config.CORPUS_DIR, {
    persistent: true,
    onSettled: async () => {
      process.stderr.write(`${config.CORPUS_DIR} changed: ingesting…\n`);
      await once();
    },
  });
  await watcher.ready;
  await once();
  process.stderr.write(`Watching ${config.CORPUS_DIR} for changes (Ctrl-C to stop)…\n`);
  await new Promise((resolve) => process.once("SIGINT", resolve).once("SIGTERM", resolve));
  watcher.close();
  return ExitCode.Ok;
}
