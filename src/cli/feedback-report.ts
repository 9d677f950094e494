import type { StoredFeedback } from "../store/feedback.js";
import { configOrExit, ExitCode, reportFatal } from "./exit.js";
import { parseFlags } from "./flags.js";

const HELP = {
  name: "feedback",
  text: `Usage: npm run feedback

Reports the 👍/👎 votes people gave answers in Slack and Discord: counts per platform, then every 👎 question
with the sources its answer cited, newest first. Reads the store: PostgreSQL at DATABASE_URL, else the SQLite
file in DATA_DIR (a DATA_DIR/feedback.jsonl of earlier releases is imported into it once).

  -h, --help  this text

Example: DATA_DIR=/srv/citebot/data npm run feedback`,
};

/** \`npm run feedback\`: prints the report; returns the exit code. */
export async function runFeedbackCommand(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, {}, HELP);
  if (!flags.ok) return flags.exitCode;
  const config = configOrExit();
  const [{ createAppLogger, storeOptions }, { openStore }] = await Promise.all([import("../app.js"), import("../store/open-store.js")]);
  const logger = createAppLogger(config, { quiet: true });
  let records: StoredFeedback[];
  try {
    const store = await openStore({ ...storeOptions(config), logger });
    try {
      records = await store.feedback.list();
    } finally {
      await store.close();
    }
  } catch (error) {
    return reportFatal(error, logger);
  }
  process.stdout.write(`${formatFeedbackReport(records)}\n`);
  return ExitCode.Ok;
}

/** `npm run feedback`: counts per platform and verdict, then every 👎 question with its answer's sources. */
export function formatFeedbackReport(records: StoredFeedback[]): string {
  if (records.length === 0) return "No feedback recorded yet. 👍/👎 clicks in Slack or Discord land here.";
  const up = records.filter((record) => record.verdict === "up").length;
  const down = records.length - up;
  const lines = [`Feedback: ${records.length} (👍 ${up}, 👎 ${down}; ${Math.round((up / records.length) * 100)}% helpful)`];
  for (const platform of [...new Set(records.map((record) => record.platform))]) {
    const mine = records.filter((record) => record.platform === platform);
    const mineUp = mine.filter((record) => record.verdict === "up").length;
    lines.push(`  ${platform}: 👍 ${mineUp}, 👎 ${mine.length - mineUp}`);
  }
  const unhelpful = records.filter((record) => record.verdict === "down");
  if (unhelpful.length > 0) {
    lines.push("", "👎 questions (newest first):");
    for (const record of [...unhelpful].reverse()) {
      const sources = record.citations.map((citation) => `[${citation.id}] ${citation.section}`).join("; ") || "no sources (refused)";
      lines.push(`  ${record.at.slice(0, 16).replace("T", " ")} ${record.platform} ${record.channelId}: “${record.question}” → ${sources}`);
    }
  }
  return lines.join("\n");
}
