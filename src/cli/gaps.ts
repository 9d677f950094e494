import { loadConfig, type Config } from "../config.js";
import { ErrorCode, isCitebotError } from "../errors.js";
import { createLogger } from "../logger.js";
import { parseFlags } from "./flags.js";
import { openKnowledgeContext, staleReportOf } from "./knowledge-context.js";
import { formatGapReport } from "../knowledge/gaps/render-gaps.js";
import { gapReportFromStore } from "../knowledge/gaps/report-from-store.js";
import { parseSince } from "../knowledge/gaps/since.js";

export const GAPS_USAGE = `Usage: npm run gaps -- [--since 7d] [--json]

Clusters the questions citebot refused, answered weakly, got 👎 for, or passed to a person, by meaning, and says
what each cluster needs: the nearest sections the documents have and a one-line suggestion. Then lists answers
that cite sections an ingest has changed since, and replays the 👍 answers against the current index.

  --since PERIOD  how far back: 7d (default), 12h, 2w, or a date such as 2025-03-01
  --json          print the report as one JSON object (the GapReport schema) and nothing else
  -h, --help      this text

Example: npm run gaps -- --since 30d`;

/** `npm run gaps`: returns the exit code (0 done, 1 failed, 2 bad flags or settings). */
export async function runGaps(argv: string[], now: () => Date = () => new Date()): Promise<number> {
  const parsed = parseFlags(argv, { json: { type: "boolean" }, since: { type: "string" } }, { name: "gaps", text: GAPS_USAGE });
  if (!parsed.ok) return parsed.exitCode;
  let flags: { json: boolean; since: Date };
  try {
    flags = { json: parsed.values.json ?? false, since: parseSince(parsed.values.since ?? "7d", now()) };
  } catch (error) {
    process.stderr.write(`npm run gaps: ${(error as Error).message}\n\n${GAPS_USAGE}\n`);
    return 2;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  // stdout carries the report alone; routine logs would only get in its way.
  const logger = createLogger({ level: config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL });
  try {
    const context = await openKnowledgeContext(config, logger);
    try {
      const stale = await staleReportOf(context, config);
      const report = await gapReportFromStore({
        store: context.store,
        embeddings: context.embeddings,
        since: flags.since,
        until: now(),
        similarity: config.GAPS_SIMILARITY,
        weakScore: config.GAPS_WEAK_SCORE,
        ...(context.index ? { index: context.index } : {}),
        ...(stale ? { stale } : {}),
        questionLog: config.QUESTION_LOG,
      });
      process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : `${formatGapReport(report)}\n`);
      return 0;
    } finally {
      await context.close();
    }
  } catch (error) {
    process.stderr.write(`citebot: ${(error as Error).message}\n`);
    if (!isCitebotError(error)) logger.error({ err: error }, "gap report failed");
    return isCitebotError(error) && error.code === ErrorCode.ConfigInvalid ? 2 : 1;
  }
}
