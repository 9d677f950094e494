import { describe, expect, it } from "vitest";
import { formatReport } from "../../src/eval/format-report.js";
import type { EvalResult } from "../../src/eval/run-eval.js";

const result: EvalResult = {
  onTopic: 4,
  offTopic: 2,
  hits: 3,
  hitAt3: 0.75,
  refused: 1,
  refusalAccuracy: 0.5,
  falseRefusalCount: 1,
  falseRefusals: 0.25,
  engineErrors: 0,
  misses: [
    { question: "Is Django scalable?", reason: "refused", expected: "how-scalable-is-django.md › …Existing…", got: "refusal" },
    { question: "Banana bread?", reason: "answered_off_topic", expected: "a refusal", got: "answer citing a.md › X" },
  ],
  byTag: { "on-topic": { total: 4, passed: 3 } },
  perQuestion: [],
};

describe("formatReport", () => {
  it("prints hit@3, refusal accuracy and false refusals with their counts", () => {
    const report = formatReport(result);
    expect(report).toContain("hit@3:             75.0%  (3/4");
    expect(report).toContain("refusal accuracy:  50.0%  (1/2");
    expect(report).toContain("false refusals:    25.0%  (1/4");
  });

  it("lists every miss with its question, what was expected and what came back", () => {
    const report = formatReport(result);
    expect(report).toContain("1. [false refusal] Is Django scalable?\n   expected: how-scalable-is-django.md › …Existing…\n   got:      refusal");
    expect(report).toContain("2. [answered off-topic] Banana bread?\n   expected: a refusal\n   got:      answer citing a.md › X");
  });

  it("warns about questions whose expected section the index lacks", () => {
    const report = formatReport(result, [{ question: "Typo?", source: "d.md", section: "Exsiting", tags: [] }]);
    expect(report).toContain('"Typo?" expects d.md › …Exsiting…');
  });
});
