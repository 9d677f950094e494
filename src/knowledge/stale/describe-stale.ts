import type { ReplayResult, StaleAnswer, StaleReport } from "./stale-report.js";

/** "3 answers cite sections that changed": the line `npm run ingest` prints. */
export function staleHeadline(report: StaleReport): string {
  const count = report.stale.length;
  if (count === 0) return `No answer cites a section that changed (${report.checkedAnswers} answered questions checked).`;
  const removed = report.stale.some((answer) => answer.sections.some((section) => section.state === "removed"));
  return `${count} ${count === 1 ? "answer cites a section" : "answers cite sections"} that changed${removed ? " or disappeared" : ""}.`;
}

/** The replay in one line: how many 👍 answers held, and how many did not. */
export function replayHeadline(report: StaleReport): string | undefined {
  if (report.replay.length === 0) return undefined;
  const count = (outcome: ReplayResult["outcome"]) => report.replay.filter((result) => result.outcome === outcome).length;
  const parts = [`${count("same")} unchanged`, count("other-sections") && `${count("other-sections")} cite other sections`, count("no-longer-grounded") && `${count("no-longer-grounded")} no longer answered`, count("failed") && `${count("failed")} failed`].filter(Boolean);
  const skipped = report.replaySkipped > 0 ? ` (${report.replaySkipped} more not replayed: STALE_REPLAY_MAX)` : "";
  return `👍 answers replayed against the new index: ${report.replay.length} — ${parts.join(", ")}${skipped}.`;
}

/** The terminal form, for `npm run ingest` and `npm run gaps`: every stale answer and every replay that differs. */
export function describeStaleReport(report: StaleReport, options: { max?: number } = {}): string {
  const max = options.max ?? 20;
  const lines = [staleHeadline(report)];
  for (const answer of report.stale.slice(0, max)) lines.push(`  ${describeStaleAnswer(answer)}`);
  if (report.stale.length > max) lines.push(`  … and ${report.stale.length - max} more (npm run gaps -- --json lists all)`);
  const replay = replayHeadline(report);
  if (replay) lines.push(replay);
  for (const result of report.replay.filter((entry) => entry.outcome !== "same").slice(0, max)) lines.push(`  ${describeReplay(result)}`);
  return lines.join("\n");
}

/**
 * The admin-channel alert after an ingest (Markdown: the adapters turn it into mrkdwn or Discord text and neutralise
 * mentions); undefined when nothing changed that an admin should look at.
 */
export function staleAlertMessage(report: StaleReport, options: { max?: number } = {}): string | undefined {
  const differing = report.replay.filter((result) => result.outcome !== "same");
  if (report.stale.length === 0 && differing.length === 0) return undefined;
  const max = options.max ?? 5;
  const lines = [`**After the latest ingest:** ${staleHeadline(report)}`];
  for (const answer of report.stale.slice(0, max)) lines.push(`• ${describeStaleAnswer(answer)}`);
  if (report.stale.length > max) lines.push(`• … and ${report.stale.length - max} more (\`npm run gaps\`)`);
  const replay = replayHeadline(report);
  if (replay) lines.push("", replay);
  for (const result of differing.slice(0, max)) lines.push(`• ${describeReplay(result)}`);
  return lines.join("\n");
}

function describeStaleAnswer(answer: StaleAnswer): string {
  const votes = answer.upVotes > 0 ? `👍 ${answer.upVotes}, ` : "";
  const sections = answer.sections.map((section) => `“${section.section}” ${section.state}`).join("; ");
  return `“${answer.question}” (${votes}asked ${answer.timesAsked}×): ${sections}`;
}

function describeReplay(result: ReplayResult): string {
  const names = (refs: ReplayResult["before"]) => refs.map((ref) => `“${ref.section}”`).join(", ") || "nothing";
  switch (result.outcome) {
    case "same":
      return `“${result.question}”: same sections`;
    case "other-sections":
      return `“${result.question}” now cites ${names(result.after)} (was ${names(result.before)})`;
    case "no-longer-grounded":
      return `“${result.question}” is no longer answered${result.refusal ? ` (${result.refusal})` : ""} (was ${names(result.before)})`;
    case "failed":
      return `“${result.question}” could not be replayed: ${result.error ?? "unknown error"}`;
  }
}
