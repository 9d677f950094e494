import path from "node:path";

/** "when-not-to-use-a-web-framework.html" → "When not to use a web framework". */
export function titleFromFileName(source: string): string {
  const base = path.basename(source).replace(/\.[^.]+$/, "").replace(/^\d{4}-\d{2}-\d{2}-/, "");
  const words = base.replace(/[-_]+/g, " ").trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : source;
}

/** Heading text → URL anchor, as Jekyll/kramdown and GitHub generate them. */
export function slugify(heading: string): string {
  return heading
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\p{Letter}\p{Number}\s-]/gu, "")
    .trim()
    .replace(/\s+/g, "-")
    .replace(/-{2,}/g, "-");
}
