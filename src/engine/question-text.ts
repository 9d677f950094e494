/**
 * The words of a question that carry its meaning: mentions (the adapters write them `@someone`, `@here`…), link
 * targets, code fences and Markdown emphasis are chat formatting, and left in they would match corpus words
 * ("channel", "here").
 */
export function questionText(raw: string): string {
  return raw
    .replace(/(^|\s)@(?:everyone|here|channel|someone)\b/gi, " ")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/[*_~`>#|]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}
