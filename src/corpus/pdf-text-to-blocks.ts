import type { Block, ListItem } from "./document.js";
import { cleanText } from "./clean-text.js";

/** One run of text as a PDF places it (pdf.js text content, in PDF units, y growing upwards). */
export interface PdfTextItem {
  text: string;
  x: number;
  /** Baseline height from the bottom of the page. */
  y: number;
  width: number;
  /** Font size in points (the text matrix's vertical scale). */
  size: number;
}

export interface PdfPageText {
  /** 1-based page number. */
  page: number;
  items: PdfTextItem[];
}

/** An outline (bookmark) entry resolved to its page: the author's own table of contents. */
export interface PdfOutlineHeading {
  title: string;
  /** 1 for a top-level entry, 2 for one nested in it, … */
  depth: number;
  page: number;
  /** Height on the page the entry scrolls to, when its destination gives one. */
  top?: number;
}

interface Line {
  text: string;
  x: number;
  y: number;
  size: number;
  heading?: number;
  /** Set in the size of a heading but not in the outline: kept as a label (a lead-in), not a section. */
  label?: boolean;
}

/** A heading is at least this much larger than the body text… */
const HEADING_SIZE_RATIO = 1.15;
/** …and at least this many points larger, so 10.5 pt notes beside 10 pt text are not headings. */
const HEADING_SIZE_MIN_POINTS = 1;
const HEADING_MAX_CHARS = 120;
const HEADING_MAX_WORDS = 16;
/** A gap this many times the usual line spacing parts paragraphs. */
const PARAGRAPH_GAP_RATIO = 1.35;
/** Lines of these sizes are one level of heading (sizes rounded to this step in points). */
const SIZE_STEP = 0.5;

// Symbol-font bullets (U+F0B7 …) arrive as private-use characters when the font maps no Unicode.
const BULLET = /^(?:[•◦▪▫‣●○■□►▶➢➤✓✔\uF0A7\uF0B7\uF0D8\uF076]\s*|[-–—*]\s+)(\S.*)$/u;
const NUMBERED = /^(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)]\s+(\S.*)$/;
const PAGE_NUMBER = /^(?:(?:page|p\.)\s*)?\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?$|^[-–—]\s*\d{1,4}\s*[-–—]$/i;

/**
 * A PDF's positioned text → blocks: a `page` block before each page's content, lines joined into
 * paragraphs (split where the vertical gap is larger than the usual line spacing), bulleted or numbered
 * lines into lists, running headers, footers and page numbers dropped. Headings come from the outline
 * when the PDF has one (its entries are the author's headings, nested as the author nested them);
 * otherwise from font size: short lines noticeably larger than the body text, one level per size.
 */
export function pdfPagesToBlocks(pages: PdfPageText[], outline: PdfOutlineHeading[] = []): Block[] {
  const linesByPage = dropRunningLines(pages.map((page) => ({ page: page.page, lines: linesOf(page.items) })));
  const allLines = linesByPage.flatMap((page) => page.lines);
  const bodySize = bodyFontSize(allLines);
  if (outline.length > 0) markOutlineHeadings(linesByPage, outline);
  markSizeHeadings(allLines, bodySize, outline.length > 0);
  const leading = usualLineSpacing(linesByPage, bodySize);
  const blocks: Block[] = [];
  for (const { page, lines } of linesByPage) {
    if (lines.length === 0) continue;
    blocks.push({ kind: "page", page });
    blocks.push(...pageBlocks(lines, leading));
  }
  return blocks;
}

/** Items → lines: an item starts a new line when its baseline moves by more than a third of its size. */
function linesOf(items: PdfTextItem[]): Line[] {
  const lines: Line[] = [];
  let current: (Line & { end: number; weights: Map<number, number> }) | undefined;
  let pendingSpace = false;
  for (const item of items) {
    if (!item.text) continue;
    if (!item.text.trim()) {
      pendingSpace = true;
      continue;
    }
    const sameLine = current !== undefined && Math.abs(item.y - current.y) <= Math.max(item.size, current.size) / 3 && item.x >= current.end - current.size;
    if (!current || !sameLine) {
      if (current) lines.push(finishLine(current));
      current = { text: item.text, x: item.x, y: item.y, size: item.size, end: item.x + item.width, weights: new Map([[item.size, item.text.length]]) };
    } else {
      const gap = item.x - current.end;
      const space = pendingSpace || gap > current.size * 0.15;
      current.text += space && !current.text.endsWith(" ") && !item.text.startsWith(" ") ? ` ${item.text}` : item.text;
      current.end = item.x + item.width;
      current.weights.set(item.size, (current.weights.get(item.size) ?? 0) + item.text.length);
    }
    pendingSpace = false;
  }
  if (current) lines.push(finishLine(current));
  return lines.filter((line) => line.text);
}

/** A line's size is the size most of its characters are set in (a drop cap or a footnote mark does not count). */
function finishLine(line: Line & { weights: Map<number, number> }): Line {
  const size = [...line.weights].sort((a, b) => b[1] - a[1])[0]?.[0] ?? line.size;
  return { text: cleanText(line.text).replace(/\s+/g, " ").trim(), x: line.x, y: line.y, size };
}

/**
 * Page numbers at the top or bottom of a page, and lines repeated at the top or bottom of most pages
 * (a running title, a confidentiality notice), are furniture, not content.
 */
function dropRunningLines(pages: Array<{ page: number; lines: Line[] }>): Array<{ page: number; lines: Line[] }> {
  const edgesOf = (lines: Line[]): Line[] => {
    const byHeight = [...lines].sort((a, b) => b.y - a.y);
    return [...byHeight.slice(0, 2), ...byHeight.slice(-2)];
  };
  const keyOf = (line: Line) => line.text.toLowerCase().replace(/\d+/g, "#");
  const pagesWith = new Map<string, number>();
  for (const { lines } of pages) for (const key of new Set(edgesOf(lines).map(keyOf))) pagesWith.set(key, (pagesWith.get(key) ?? 0) + 1);
  const repeated = (key: string) => pages.length >= 3 && (pagesWith.get(key) ?? 0) >= Math.max(3, Math.ceil(pages.length / 2));
  return pages.map(({ page, lines }) => {
    const edges = new Set(edgesOf(lines));
    const byHeight = [...lines].sort((a, b) => b.y - a.y);
    const outermost = new Set([byHeight[0], byHeight.at(-1)]);
    return { page, lines: lines.filter((line) => !(edges.has(line) && (repeated(keyOf(line)) || (outermost.has(line) && PAGE_NUMBER.test(line.text))))) };
  });
}

/** The size most of the document's characters are set in. */
function bodyFontSize(lines: Line[]): number {
  const weights = new Map<number, number>();
  for (const line of lines) {
    const size = roundSize(line.size);
    weights.set(size, (weights.get(size) ?? 0) + line.text.length);
  }
  return [...weights].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
}

const roundSize = (size: number) => Math.round(size / SIZE_STEP) * SIZE_STEP;
const squash = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");

function looksLikeHeading(line: Line, bodySize: number): boolean {
  const words = line.text.split(" ").length;
  return (
    line.size >= bodySize * HEADING_SIZE_RATIO &&
    line.size - bodySize >= HEADING_SIZE_MIN_POINTS &&
    line.text.length <= HEADING_MAX_CHARS &&
    words <= HEADING_MAX_WORDS &&
    /\p{L}/u.test(line.text) &&
    !/[,;]$/.test(line.text)
  );
}

/**
 * Larger sizes are higher levels: the largest heading size is depth 1, the next 2, … When the outline gave
 * the headings, a large line it does not list (a cover title, a call-out) becomes a label instead.
 */
function markSizeHeadings(lines: Line[], bodySize: number, outlined: boolean): void {
  const headings = lines.filter((line) => line.heading === undefined && looksLikeHeading(line, bodySize));
  const sizes = [...new Set(headings.map((line) => roundSize(line.size)))].sort((a, b) => b - a);
  for (const line of headings) {
    if (outlined) line.label = true;
    else line.heading = Math.min(6, sizes.indexOf(roundSize(line.size)) + 1);
  }
}

/**
 * Each outline entry marks the line(s) on its page that spell its title (a title may wrap onto a second
 * line); an entry whose title is not found on the page still opens a section there, placed at the height
 * its destination names.
 */
function markOutlineHeadings(pages: Array<{ page: number; lines: Line[] }>, outline: PdfOutlineHeading[]): void {
  for (const entry of outline) {
    const page = pages.find((candidate) => candidate.page === entry.page);
    if (!page) continue;
    const title = squash(entry.title);
    if (!title) continue;
    const { lines } = page;
    const spelling = (line: Line, i: number) => line.heading === undefined && linesSpelling(lines, i, title) > 0;
    const nearTop = (line: Line) => entry.top === undefined || line.y <= entry.top + line.size;
    let start = lines.findIndex((line, i) => nearTop(line) && spelling(line, i));
    if (start < 0) start = lines.findIndex(spelling);
    if (start >= 0) {
      const wrapped = linesSpelling(lines, start, title) - 1;
      const first = lines[start] as Line;
      first.text = entry.title.replace(/\s+/g, " ").trim();
      first.heading = entry.depth;
      lines.splice(start + 1, wrapped);
      continue;
    }
    const at = entry.top === undefined ? 0 : lines.findIndex((line) => line.y <= (entry.top as number) + 1);
    const line: Line = { text: entry.title.replace(/\s+/g, " ").trim(), x: 0, y: entry.top ?? Number.POSITIVE_INFINITY, size: 0, heading: entry.depth };
    lines.splice(at < 0 ? lines.length : at, 0, line);
  }
}

/** How many lines from `start` on (at most three), joined, spell `title` exactly; 0 when they do not. */
function linesSpelling(lines: Line[], start: number, title: string): number {
  let spelled = "";
  for (let i = start; i < Math.min(lines.length, start + 3); i++) {
    spelled += squash(lines[i]?.text ?? "");
    if (!spelled || !title.startsWith(spelled)) return 0;
    if (spelled === title) return i - start + 1;
  }
  return 0;
}

/** The most common gap between consecutive body-size lines: the document's line spacing. */
function usualLineSpacing(pages: Array<{ lines: Line[] }>, bodySize: number): number {
  const gaps = new Map<number, number>();
  for (const { lines } of pages) {
    lines.forEach((line, i) => {
      const next = lines[i + 1];
      if (!next || line.heading !== undefined || next.heading !== undefined) return;
      if (roundSize(line.size) !== bodySize || roundSize(next.size) !== bodySize) return;
      const gap = roundSize(line.y - next.y);
      if (gap > 0) gaps.set(gap, (gaps.get(gap) ?? 0) + 1);
    });
  }
  const [usual] = [...gaps].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0] ?? [bodySize * 1.2];
  return usual;
}

function pageBlocks(lines: Line[], leading: number): Block[] {
  const blocks: Block[] = [];
  let paragraph: Line[] = [];
  let items: Array<ListItem & { x: number }> = [];
  let ordered = false;
  let previous: Line | undefined;
  const flushParagraph = () => {
    const text = joinLines(paragraph.map((line) => line.text));
    if (text) blocks.push({ kind: "paragraph", text });
    paragraph = [];
  };
  const flushList = () => {
    if (items.length > 0) blocks.push({ kind: "list", ordered, items: items.map(({ text, depth }) => ({ text, depth })) });
    items = [];
  };
  for (const line of lines) {
    const standsOut = line.heading !== undefined || line.label === true;
    const follows = previous !== undefined && previous.heading === undefined && !previous.label && continues(previous, line, leading);
    const wraps = previous !== undefined && standsOut && previous.heading === line.heading && previous.label === line.label && previous.y - line.y > 0 && previous.y - line.y <= line.size * 1.6;
    previous = line;
    if (standsOut) {
      const last = blocks.at(-1);
      if (wraps && (last?.kind === "heading" || last?.kind === "label")) {
        last.text = `${last.text} ${line.text}`;
        continue;
      }
      flushParagraph();
      flushList();
      blocks.push(line.heading !== undefined ? { kind: "heading", depth: line.heading, text: line.text } : { kind: "label", text: line.text });
      continue;
    }
    const bulleted = BULLET.exec(line.text)?.[1];
    const numbered = bulleted === undefined ? NUMBERED.exec(line.text)?.[1] : undefined;
    const itemText = bulleted ?? numbered;
    if (itemText !== undefined) {
      flushParagraph();
      if (items.length === 0) ordered = numbered !== undefined;
      const base = items[0]?.x ?? line.x;
      items.push({ text: itemText, depth: Math.max(0, Math.min(3, Math.round((line.x - base) / Math.max(line.size * 1.5, 1)))), x: line.x });
      continue;
    }
    const item = items.at(-1);
    if (item && follows && line.x > item.x) {
      item.text = joinLines([item.text, line.text]);
      continue;
    }
    flushList();
    if (paragraph.length > 0 && !follows) flushParagraph();
    paragraph.push(line);
  }
  flushParagraph();
  flushList();
  return blocks;
}

/** Whether `line` carries on the paragraph `previous` ends: next line down, usual spacing, same size. */
function continues(previous: Line, line: Line, leading: number): boolean {
  const gap = previous.y - line.y;
  const sameSize = Math.abs(previous.size - line.size) <= Math.max(previous.size, line.size) * 0.1;
  return gap > 0 && gap <= leading * PARAGRAPH_GAP_RATIO * Math.max(1, line.size / Math.max(previous.size, 1)) && sameSize;
}

/** Hard-wrapped lines → one text; a word hyphenated across lines is joined again. */
function joinLines(lines: string[]): string {
  let text = "";
  for (const line of lines) {
    if (!line) continue;
    if (/\p{Ll}-$/u.test(text) && /^\p{Ll}/u.test(line)) text = text.slice(0, -1) + line;
    else text = text ? `${text} ${line}` : line;
  }
  return text.replace(/\s+/g, " ").trim();
}
