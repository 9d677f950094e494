import type { Answer } from "../engine/answer.js";

/** An Answer for a person at a terminal: the text, then its numbered sources with links. */
export function formatAnswerForTerminal(answer: Answer): string {
  const lines = [answer.answer];
  if (answer.citations.length > 0) {
    lines.push("", "Sources:");
    for (const citation of answer.citations) lines.push(`  [${citation.id}] ${citation.section} — ${citation.url}`);
  }
  return lines.join("\n");
}
