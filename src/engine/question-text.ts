/**
 * The words of a question that carry its meaning: platform mention tokens, link targets, code fences and
 * Markdown emphasis are chat formatting, and left in they would match corpus words ("channel", "here").
 */
export function questionText(raw: string): string {
  return raw
    .replace(/<[!@#][^>]*>/g, " ")
    .replace(/(^|\s)@(?:everyone|here|channel)\b/gi, " ")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<(https?:[^|>]+)\|([^>]*)>/g, "$2")
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/[*_~`>#|]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}
