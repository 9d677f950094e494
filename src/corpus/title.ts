import path from "node:path";
import type { Block } from "./document.js";

/** "when-not-to-use-a-web-framework.html" → "When not to use a web framework". */
export function titleFromFileName(source: string): string {
  const base = path.basename(source).replace(/\.[^.]+$/, "").replace(/^\d{4}-\d{2}-\d{2}-/, "");
  const words = base.replace(/[-_]+/g, " ").trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : source;
}

/** The first H1, else the first heading of any level. */
export function titleFromBlocks(blocks: Block[]): string | undefined {
  const headings = blocks.filter((block) => block.kind === "heading");
  return (headings.find((heading) => heading.depth === 1) ?? headings[0])?.text;
}

// What authoring tools write when nobody set a title: "Untitled", "Document1", "Microsoft Word - plan.docx".
const PLACEHOLDER_TITLE = /^(?:untitled\b.*|document\d*|microsoft (?:word|powerpoint|excel) - .*|.*\.(?:pdf|docx?|dotx?|odt|rtf|txt|md|html?|pptx?|xlsx?|indd|tex|dvi))$/i;

/** A title from a file's metadata (PDF Info/XMP, Word core properties), unless it is empty or a placeholder. */
export function usableMetadataTitle(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const title = value.replace(/\s+/g, " ").trim();
  if (!/\p{L}/u.test(title) || PLACEHOLDER_TITLE.test(title)) return undefined;
  return title;
}
