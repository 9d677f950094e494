import type { Config } from "../config.js";
import { asCitebotError } from "../errors.js";
import type { Logger } from "../logger.js";
import { openKnowledgeContext, staleReportOf } from "./knowledge-context.js";
import { describeStaleReport } from "../knowledge/stale/describe-stale.js";
import type { StaleReport } from "../knowledge/stale/stale-report.js";

/**
 * What `npm run ingest` runs after writing a generation: the stale-answer check and the replay of the 👍 answers
 * against it. Never fails the ingest: a store that cannot be opened is a line in the output, not an exit code.
 * `text` is what to print ("3 answers cite sections that changed", each one, and every replay that differs).
 */
export async function checkAnswersAfterIngest(config: Config, logger: Logger): Promise<{ report?: StaleReport; text: string }> {
  try {
    const context = await openKnowledgeContext(config, logger);
    try {
      const report = await staleReportOf(context, config);
      return report ? { report, text: describeStaleReport(report) } : { text: "No index to check answers against." };
    } finally {
      await context.close();
    }
  } catch (error) {
    const coded = asCitebotError(error);
    logger.warn({ err: coded }, "stale-answer check skipped");
    return { text: `Stale-answer check skipped: ${coded.message}` };
  }
}
