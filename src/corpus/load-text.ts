import type { Block, ListItem, SourceDocument } from "./document.js";
import { cleanText } from "./clean-text.js";
import { titleFromFileName } from "./title.js";

const BULLET = /^\s*(?:[-*•‣◦]|\d{1,3}[.)])\s+(.*)$/;

/** Plain text: a short first line stands as the title; blank lines part paragraphs; bulleted lines are lists. */
export function loadText(source: string, raw: string): SourceDocument {
  const text = cleanText(raw).replace(/[ \t]+$/gm, "").trim();
  const paragraphs = text.split(/\n\s*\n/);
  const firstLine = text.split("\n", 1)[0]?.trim() ?? "";
  const firstIsTitle = firstLine.length > 0 && firstLine.length <= 100 && !/[.!?:]$/.test(firstLine) && text.includes("\n");
  const blocks: Block[] = [];
  if (firstIsTitle) {
    blocks.push({ kind: "heading", depth: 1, text: firstLine });
    paragraphs[0] = (paragraphs[0] ?? "").slice(firstLine.length);
  }
  for (const paragraph of paragraphs) blocks.push(...paragraphBlocks(paragraph));
  return {
    source,
    format: "text",
    title: firstIsTitle ? firstLine : titleFromFileName(source),
    url: source,
    metadata: { titleFromMetadata: firstIsTitle, urlFromMetadata: false },
    blocks,
  };
}

/** Hard-wrapped lines join into one paragraph; a run of bulleted lines is a list; an underlined line is a heading. */
function paragraphBlocks(paragraph: string): Block[] {
  const blocks: Block[] = [];
  let prose: string[] = [];
  let items: ListItem[] = [];
  const flushProse = () => {
    const text = prose.join(" ").replace(/\s+/g, " ").trim();
    if (text) blocks.push({ kind: "paragraph", text });
    prose = [];
  };
  const flushItems = () => {
    if (items.length > 0) blocks.push({ kind: "list", ordered: false, items });
    items = [];
  };
  const lines = paragraph.split("\n");
  lines.forEach((line, i) => {
    const next = lines[i + 1] ?? "";
    if (/^\s*(=+|-+)\s*$/.test(line)) return;
    if (/^\s*(=+|-+)\s*$/.test(next) && line.trim()) {
      flushProse();
      flushItems();
      blocks.push({ kind: "heading", depth: next.trim().startsWith("=") ? 1 : 2, text: line.trim() });
      return;
    }
    const bullet = BULLET.exec(line);
    if (bullet?.[1]) {
      flushProse();
      items.push({ text: bullet[1].trim(), depth: /^\s{2,}/.test(line) ? 1 : 0 });
      return;
    }
    if (items.length > 0 && /^\s+\S/.test(line)) {
      const last = items.at(-1);
      if (last) last.text = `${last.text} ${line.trim()}`;
      return;
    }
    flushItems();
    prose.push(line.trim());
  });
  flushProse();
  flushItems();
  return blocks;
}
