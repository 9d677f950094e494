import { describe, expect, it } from "vitest";
import { formatFeedbackReport } from "../../src/cli/feedback-report.js";
import type { StoredFeedback } from "../../src/store/feedback.js";

const record = (verdict: "up" | "down", platform: "slack" | "discord", question: string): StoredFeedback => ({
  id: question,
  answerId: "a",
  platform,
  verdict,
  question,
  answer: "…",
  citations: [{ id: 1, title: "T", section: "T › S", url: "/t#s" }],
  userHash: "h",
  restored: false,
  channelId: "C",
  at: "2026-11-23T10:00:00.000Z",
});

describe("feedback report", () => {
  it("counts verdicts per platform and lists the unhelpful questions", () => {
    const report = formatFeedbackReport([record("up", "slack", "good q"), record("down", "discord", "bad q"), record("down", "slack", "worse q")]);
    expect(report).toContain("Feedback: 3 (👍 1, 👎 2; 33% helpful)");
    expect(report).toContain("slack: 👍 1, 👎 1");
    expect(report).toContain("discord: 👍 0, 👎 1");
    expect(report).toContain("“bad q” → [1] T › S");
    expect(report).not.toContain("good q");
  });

  it("says so when there is nothing yet", () => {
    expect(formatFeedbackReport([])).toMatch(/No feedback recorded yet/);
  });
});
