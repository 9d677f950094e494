import { describeStaleReport, staleHeadline } from "../stale/describe-stale.js";
import type { GapCluster, GapReport } from "./gap-report.js";

/**
 * The chat digest's length limit: Discord message content allows 2,000 characters (DISCORD_CONTENT_MAX), a Slack
 * section 3,000 (SLACK_SECTION_TEXT_MAX); this leaves room for the adapter's escaping and a header.
 */
export const GAP_DIGEST_MAX_CHARS = 1_800;

/** `npm run gaps`: every cluster, with examples, nearest sections and the suggestion, then stale answers. */
export function formatGapReport(report: GapReport): string {
  const lines = [`${period(report)}: ${totals(report)}`];
  for (const note of report.notes) lines.push(`Note: ${note}`);
  if (report.clusters.length === 0) lines.push("", "No gaps: nothing refused, voted down, weakly supported or taken to a person in this period.");
  report.clusters.forEach((cluster, i) => {
    lines.push("", `${i + 1}. ${cluster.size} ${cluster.size === 1 ? "question" : "questions"} (${signals(cluster)})`);
    lines.push(`   e.g. ${cluster.examples.map((example) => `“${example}”`).join(" · ")}`);
    if (cluster.nearestSections.length > 0) lines.push(`   nearest sections: ${cluster.nearestSections.map((section) => `${section.section} (${section.similarity.toFixed(2)})`).join(" · ")}`);
    for (const reply of cluster.expertReplies) lines.push(`   a person replied: “${clip(reply, 160)}”`);
    lines.push(`   → ${cluster.suggestion}`);
  });
  if (report.stale) lines.push("", describeStaleReport(report.stale));
  return lines.join("\n");
}

/**
 * The weekly digest for ADMIN_CHANNEL and the `/ask gaps` reply: the largest clusters, one line each, within
 * GAP_DIGEST_MAX_CHARS. Markdown: the adapters format it for their platform and neutralise any mention in it.
 */
export function gapDigestMessage(report: GapReport, options: { maxClusters?: number } = {}): string {
  const head = [`**Knowledge gaps, ${period(report).toLowerCase()}:** ${totals(report)}`];
  const tail: string[] = [];
  if (report.stale && report.stale.stale.length > 0) tail.push(`⚠️ ${staleHeadline(report.stale)}`);
  if (report.clusters.length > 0) tail.push("`npm run gaps` has the details.");
  if (report.clusters.length === 0) head.push("No gaps this period: nothing refused, voted down, weakly supported or taken to a person.");
  const lines = [...head];
  const budget = GAP_DIGEST_MAX_CHARS - tail.join("\n").length - 1;
  for (const [i, cluster] of report.clusters.slice(0, options.maxClusters ?? 5).entries()) {
    const line = `${i + 1}. (${cluster.size}) ${clip(cluster.suggestion, 280)}`;
    if ([...lines, line].join("\n").length > budget) break;
    lines.push(line);
  }
  return clip([...lines, ...tail].join("\n"), GAP_DIGEST_MAX_CHARS);
}

function period(report: GapReport): string {
  const days = Math.round((Date.parse(report.until) - Date.parse(report.since)) / 86_400_000);
  return days >= 1 ? `Last ${days} ${days === 1 ? "day" : "days"} (since ${report.since.slice(0, 10)})` : `Since ${report.since.slice(0, 16).replace("T", " ")} UTC`;
}

function totals(report: GapReport): string {
  const t = report.totals;
  const parts = [`${t.questions} ${t.questions === 1 ? "question" : "questions"}`, `${t.refused} refused`, `${t.votedDown} 👎`, `${t.weak} weakly supported`, `${t.escalated} taken to a person${t.answeredByPerson ? ` (${t.answeredByPerson} answered)` : ""}`];
  return `${parts.join(", ")}; ${report.clusters.length} ${report.clusters.length === 1 ? "cluster" : "clusters"}.`;
}

function signals(cluster: GapCluster): string {
  return [cluster.refused && `${cluster.refused} refused`, cluster.votedDown && `${cluster.votedDown} 👎`, cluster.weak && `${cluster.weak} weak`, cluster.escalated && `${cluster.escalated} taken to a person`].filter(Boolean).join(", ");
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
