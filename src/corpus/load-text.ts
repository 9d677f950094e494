import type { SourceDocument } from "./document.js";
import { cleanText } from "./clean-text.js";
import { reflowParagraphs } from "./reflow.js";
import { titleFromFileName } from "./title.js";

/** Plain text: a short first line stands as the title; paragraphs stay as they are. */
export function loadText(source: string, raw: string): SourceDocument {
  const text = reflowParagraphs(cleanText(raw).replace(/[ \t]+$/gm, "").split("\n"))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  const firstLine = text.split("\n", 1)[0]?.trim() ?? "";
  const firstIsTitle = firstLine.length > 0 && firstLine.length <= 100 && !/[.!?]$/.test(firstLine) && text.includes("\n");
  return {
    source,
    format: "text",
    title: firstIsTitle ? firstLine : titleFromFileName(source),
    url: source,
    metadata: { titleFromMetadata: firstIsTitle, urlFromMetadata: false },
    text: firstIsTitle ? `# ${firstLine}\n${text.slice(firstLine.length)}` : text,
  };
}
