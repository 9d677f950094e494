import type { SetResult, Ratio } from "./run-set.js";

/** One line per set and half: the figures the quality targets are stated in. */
export function formatSummaryTable(results: SetResult[]): string {
  const header = ["set", "half", "section@3", "all facts", "verdicts", "refusals", "near-miss ref.", "false ref.", "code as prose", "p50 ms", "p99 ms"];
  const rows = results.map(({ summary }) => [
    summary.set,
    summary.half,
    pct(summary.sectionAt3),
    pct(summary.allFacts),
    pct(summary.verdicts),
    pct(summary.refusals),
    pct(summary.nearMissRefusals),
    pct(summary.falseRefusals),
    pct(summary.codeAsProse),
    summary.latencyMs.p50.toFixed(1),
    summary.latencyMs.p99.toFixed(1),
  ]);
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ");
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

/** Every question that missed something, with what it got: what to look at when tuning on a dev half. */
export function formatMisses(result: SetResult, options: { all?: boolean } = {}): string {
  const lines: string[] = [];
  for (const question of result.questions) {
    const problems: string[] = [];
    if (question.answerable) {
      if (!question.grounded) problems.push("refused");
      else {
        if (!question.sectionAt3) problems.push("section");
        if (!question.allFacts) problems.push(`facts ${JSON.stringify(question.missingFacts)}`);
      }
      if (question.verdictAgrees === false) problems.push(`verdict ${question.verdict ?? "none"} ≠ ${question.expectedVerdict}`);
    } else if (question.grounded) problems.push(question.nearMiss ? "answered near-miss" : "answered off-topic");
    if (question.codeAsProse > 0) problems.push("code as prose");
    if (problems.length === 0 && !options.all) continue;
    lines.push(`${question.id} [${problems.join("; ") || "ok"}] ${question.question}`);
    lines.push(`   cited: ${question.cited.slice(0, 3).join(" | ") || "—"}`);
    lines.push(...question.answer.split("\n").map((text) => `   | ${text}`));
  }
  return lines.join("\n");
}

function pct(ratio: Ratio): string {
  return ratio.whole === 0 ? "—" : `${(ratio.value * 100).toFixed(1)}% (${ratio.part}/${ratio.whole})`;
}
