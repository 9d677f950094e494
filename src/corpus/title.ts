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
