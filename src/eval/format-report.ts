import type { OnTopicQuestion } from "./questions.js";
import type { EvalResult, MissReason } from "./run-eval.js";

const REASON_LABEL: Record<MissReason, string> = {
  refused: "false refusal",
  wrong_citations: "wrong citations",
  answered_off_topic: "answered off-topic",
  engine_error: "engine error",
};

/** The plain-text report `npm run eval` prints. */
export function formatReport(result: EvalResult, unknown: OnTopicQuestion[] = []): string {
  const lines = [
    `hit@3:            ${percent(result.hitAt3)}  (${result.hits}/${result.onTopic} on-topic answered with the expected section in the first 3 citations)`,
    `refusal accuracy: ${percent(result.refusalAccuracy)}  (${result.refused}/${result.offTopic} off-topic refused)`,
    `false refusals:   ${percent(result.falseRefusals)}  (${result.falseRefusalCount}/${result.onTopic} on-topic refused)`,
  ];
  if (result.engineErrors > 0) lines.push(`engine errors:    ${result.engineErrors}`);
  const tags = Object.entries(result.byTag).map(([tag, score]) => `${tag} ${score.passed}/${score.total}`);
  if (tags.length > 0) lines.push(`by tag:           ${tags.join(" · ")}`);
  if (unknown.length > 0) {
    lines.push("", `Warning: ${unknown.length} question(s) expect a section the index does not have (check eval/questions.json):`);
    for (const question of unknown) lines.push(`  - "${question.question}" expects ${question.source} › …${question.section}…`);
  }
  lines.push("", result.misses.length === 0 ? "No misses." : `Misses (${result.misses.length}):`);
  result.misses.forEach((miss, i) => {
    lines.push(`${i + 1}. [${REASON_LABEL[miss.reason]}] ${miss.question}`, `   expected: ${miss.expected}`, `   got:      ${miss.got}`);
  });
  return lines.join("\n");
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`.padStart(6);
}
