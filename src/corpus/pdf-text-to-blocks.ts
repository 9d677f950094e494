import type { Block, ListItem } from "./document.js";
import { dropRunningLines, linesOfPage, type PdfPageText, type TextLine } from "./pdf-lines.js";

export type { PdfPageText, PdfTextItem } from "./pdf-lines.js";

/** An outline (bookmark) entry resolved to its page: the author's own table of contents. */
export interface PdfOutlineHeading {
  title: string;
  /** 1 for a top-level entry, 2 for one nested in it, … */
  depth: number;
  page: number;
  /** Height on the page the entry scrolls to, when its destination gives one. */
  top?: number;
}

export interface PdfLayout {
  blocks: Block[];
  /** The largest heading-sized text on the first page: what a reader takes for the title. */
  coverTitle?: string;
}

/** A heading is at least this much larger than the body text… */
const HEADING_SIZE_RATIO = 1.15;
/** …and at least this many points larger, so 10.5 pt notes beside 10 pt text are not headings. */
const HEADING_SIZE_MIN_POINTS = 1;
const HEADING_MAX_CHARS = 120;
const HEADING_MAX_WORDS = 16;
/** A gap this many times the usual line spacing parts paragraphs. */
const PARAGRAPH_GAP_RATIO = 1.35;
/** Font sizes are compared in steps of this many points. */
const SIZE_STEP = 0.5;
/** Width of a monospace character as a share of the font size (Courier and most code fonts). */
const MONOSPACE_ADVANCE = 0.6;

// Symbol-font bullets (U+F0B7 …) arrive as private-use characters when the font maps no Unicode.
const BULLET = /^(?:[•◦▪▫‣●○■□►▶➢➤✓✔\uF0A7\uF0B7\uF0D8\uF076]\s*|[-–—*]\s+)(\S.*)$/u;
const NUMBERED = /^(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)]\s+(\S.*)$/;
/** "2.1 ", "A.3 ", "Chapter 4: ": numbering an outline entry may leave out of its title. */
const SECTION_NUMBER = /^(?:(?:chapter|appendix|section|part)\s+)?(?:\d+|[A-Z])(?:\.\d+)*[.:]?\s+/i;

/**
 * A PDF's positioned text → blocks: a `page` block before each page's content, lines joined into
 * paragraphs (split where the vertical gap is larger than the usual line spacing), bulleted or numbered
 * lines into lists, monospace lines into code blocks, running headers, footers and page numbers dropped.
 * Headings come from the outline when the PDF has one (its entries are the author's headings, nested as
 * the author nested them); otherwise from font size: short lines noticeably larger than the body text,
 * one level per size.
 */
export function pdfTextToBlocks(pages: PdfPageText[], outline: PdfOutlineHeading[] = []): PdfLayout {
  const read = pages.map((page) => ({ page: page.page, lines: linesOfPage(page.items) }));
  const bodySize = bodyFontSize(read.flatMap((page) => page.lines));
  const linesByPage = dropRunningLines(read, bodySize);
  const allLines = linesByPage.flatMap((page) => page.lines);
  const coverTitle = coverTitleOf(linesByPage[0]?.lines ?? [], bodySize);
  if (outline.length > 0) markOutlineHeadings(linesByPage, outline);
  markSizeHeadings(allLines, bodySize, outline.length > 0);
  const leading = usualLineSpacing(linesByPage, bodySize);
  const blocks: Block[] = [];
  for (const { page, lines } of linesByPage) {
    if (lines.length === 0) continue;
    blocks.push({ kind: "page", page });
    blocks.push(...pageBlocks(lines, leading));
  }
  return coverTitle ? { blocks, coverTitle } : { blocks };
}

/** The size most of the document's characters are set in. */
function bodyFontSize(lines: TextLine[]): number {
  const weights = new Map<number, number>();
  for (const line of lines) {
    const size = roundSize(line.size);
    weights.set(size, (weights.get(size) ?? 0) + line.text.length);
  }
  return [...weights].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
}

const roundSize = (size: number) => Math.round(size / SIZE_STEP) * SIZE_STEP;
const squash = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");

function looksLikeHeading(line: TextLine, bodySize: number): boolean {
  return (
    !line.code &&
    line.size >= bodySize * HEADING_SIZE_RATIO &&
    line.size - bodySize >= HEADING_SIZE_MIN_POINTS &&
    line.text.length <= HEADING_MAX_CHARS &&
    line.text.split(" ").length <= HEADING_MAX_WORDS &&
    /\p{L}/u.test(line.text) &&
    !/[,;]$/.test(line.text)
  );
}

/** The first page's largest heading-sized line (with the lines it wraps onto). */
function coverTitleOf(lines: TextLine[], bodySize: number): string | undefined {
  const candidates = lines.filter((line) => looksLikeHeading(line, bodySize));
  const largest = Math.max(...candidates.map((line) => roundSize(line.size)));
  const start = lines.findIndex((line) => candidates.includes(line) && roundSize(line.size) === largest);
  if (start < 0) return undefined;
  const parts: string[] = [];
  for (let i = start; i < lines.length && roundSize(lines[i]?.size ?? 0) === largest; i++) parts.push(lines[i]?.text ?? "");
  return parts.join(" ");
}

/**
 * Larger sizes are higher levels: the largest heading size is depth 1, the next 2, … When the outline gave
 * the headings, a large line it does not list (a cover title, a call-out) becomes a label instead.
 */
function markSizeHeadings(lines: TextLine[], bodySize: number, outlined: boolean): void {
  const headings = lines.filter((line) => line.heading === undefined && looksLikeHeading(line, bodySize));
  const sizes = [...new Set(headings.map((line) => roundSize(line.size)))].sort((a, b) => b - a);
  for (const line of headings) {
    if (outlined) line.label = true;
    else line.heading = Math.min(6, sizes.indexOf(roundSize(line.size)) + 1);
  }
}

/**
 * Each outline entry marks the line(s) on its page that spell its title, numbered or not (a title may
 * wrap onto a second line), and the heading reads as printed; an entry whose title is not found on the
 * page still opens a section there, placed at the height its destination names.
 */
function markOutlineHeadings(pages: Array<{ page: number; lines: TextLine[] }>, outline: PdfOutlineHeading[]): void {
  for (const entry of outline) {
    const lines = pages.find((candidate) => candidate.page === entry.page)?.lines;
    if (!lines || !squash(entry.title)) continue;
    const spelling = (line: TextLine, i: number) => line.heading === undefined && linesSpelling(lines, i, entry.title) > 0;
    const nearTop = (line: TextLine) => entry.top === undefined || line.y <= entry.top + line.size;
    let start = lines.findIndex((line, i) => nearTop(line) && spelling(line, i));
    if (start < 0) start = lines.findIndex(spelling);
    if (start >= 0) {
      const count = linesSpelling(lines, start, entry.title);
      const first = lines[start] as TextLine;
      first.text = lines.slice(start, start + count).map((line) => line.text).join(" ");
      first.heading = entry.depth;
      lines.splice(start + 1, count - 1);
      continue;
    }
    const at = entry.top === undefined ? 0 : lines.findIndex((line) => line.y <= (entry.top as number) + 1);
    const heading: TextLine = { text: entry.title.replace(/\s+/g, " ").trim(), x: 0, y: entry.top ?? Number.POSITIVE_INFINITY, size: 0, code: false, heading: entry.depth };
    lines.splice(at < 0 ? lines.length : at, 0, heading);
  }
}

/** How many lines from `start` on (at most three), joined, spell `title`, ignoring section numbers; 0 when none do. */
function linesSpelling(lines: TextLine[], start: number, title: string): number {
  const wanted = new Set([squash(title), squash(title.replace(SECTION_NUMBER, ""))]);
  let text = "";
  for (let i = start; i < Math.min(lines.length, start + 3); i++) {
    text = `${text} ${lines[i]?.text ?? ""}`.trim();
    if (wanted.has(squash(text)) || wanted.has(squash(text.replace(SECTION_NUMBER, "")))) return i - start + 1;
  }
  return 0;
}

/** The most common gap between consecutive body-size lines: the document's line spacing. */
function usualLineSpacing(pages: Array<{ lines: TextLine[] }>, bodySize: number): number {
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

function pageBlocks(lines: TextLine[], leading: number): Block[] {
  const blocks: Block[] = [];
  let paragraph: TextLine[] = [];
  let code: TextLine[] = [];
  let items: Array<ListItem & { x: number }> = [];
  let ordered = false;
  let previous: TextLine | undefined;
  const flush = () => {
    const text = joinLines(paragraph.map((line) => line.text));
    if (text) blocks.push({ kind: "paragraph", text });
    paragraph = [];
    if (code.length > 0) blocks.push({ kind: "code", text: codeText(code, leading) });
    code = [];
    if (items.length > 0) blocks.push({ kind: "list", ordered, items: items.map(({ text, depth }) => ({ text, depth })) });
    items = [];
  };
  for (const line of lines) {
    const standsOut = line.heading !== undefined || line.label === true;
    const follows = previous !== undefined && previous.heading === undefined && !previous.label && continues(previous, line, leading);
    const wraps = previous !== undefined && standsOut && previous.heading === line.heading && previous.label === line.label && previous.y - line.y > 0 && previous.y - line.y <= line.size * 1.6;
    const after = previous;
    previous = line;
    if (standsOut) {
      const last = blocks.at(-1);
      if (wraps && paragraph.length + code.length + items.length === 0 && (last?.kind === "heading" || last?.kind === "label")) {
        last.text = `${last.text} ${line.text}`;
        continue;
      }
      flush();
      blocks.push(line.heading !== undefined ? { kind: "heading", depth: line.heading, text: line.text } : { kind: "label", text: line.text });
      continue;
    }
    if (line.code) {
      // Code keeps its blank lines, so a gap does not end it; only prose, a heading or another page does.
      if (code.length === 0 || !after?.code || after.y - line.y <= 0) flush();
      code.push(line);
      continue;
    }
    const bulleted = BULLET.exec(line.text)?.[1];
    const numbered = bulleted === undefined ? NUMBERED.exec(line.text)?.[1] : undefined;
    const itemText = bulleted ?? numbered;
    if (itemText !== undefined) {
      if (items.length === 0) {
        flush();
        ordered = numbered !== undefined;
      }
      const base = items[0]?.x ?? line.x;
      items.push({ text: itemText, depth: Math.max(0, Math.min(3, Math.round((line.x - base) / Math.max(line.size * 1.5, 1)))), x: line.x });
      continue;
    }
    const item = items.at(-1);
    if (item && follows && line.x > item.x) {
      item.text = joinLines([item.text, line.text]);
      continue;
    }
    if (!follows || items.length > 0 || code.length > 0) flush();
    paragraph.push(line);
  }
  flush();
  return blocks;
}

/** Whether `line` carries on the paragraph `previous` ends: next line down, usual spacing, same size. */
function continues(previous: TextLine, line: TextLine, leading: number): boolean {
  const gap = previous.y - line.y;
  const sameSize = Math.abs(previous.size - line.size) <= Math.max(previous.size, line.size) * 0.1;
  return gap > 0 && gap <= leading * PARAGRAPH_GAP_RATIO * Math.max(1, line.size / Math.max(previous.size, 1)) && sameSize && previous.code === line.code;
}

/** Code lines as set: indentation from their x offsets, a blank line where the gap is wider than one line. */
function codeText(lines: TextLine[], leading: number): string {
  const left = Math.min(...lines.map((line) => line.x));
  return lines
    .map((line, i) => {
      const indent = " ".repeat(Math.max(0, Math.round((line.x - left) / (line.size * MONOSPACE_ADVANCE))));
      const gap = i > 0 ? (lines[i - 1]?.y ?? line.y) - line.y : 0;
      return `${gap > leading * PARAGRAPH_GAP_RATIO ? "\n" : ""}${indent}${line.text}`;
    })
    .join("\n");
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
