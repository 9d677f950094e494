import type { FeedbackRecord } from "../chat/feedback-store.js";

/** `npm run feedback`: counts per platform and verdict, then every 👎 question with its answer's sources. */
export function formatFeedbackReport(records: FeedbackRecord[]): string {
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
