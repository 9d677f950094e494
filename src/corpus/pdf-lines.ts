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
  /** Set in a fixed-pitch font: code, commands, file names. */
  monospace?: boolean;
}

export interface PdfPageText {
  /** 1-based page number. */
  page: number;
  items: PdfTextItem[];
}

/** A line of text on a page, rebuilt from the items on one baseline. */
export interface TextLine {
  /** Inline code (monospace runs inside prose) in backticks; a code line as set. */
  text: string;
  x: number;
  y: number;
  /** The size most of the line's characters are set in. */
  size: number;
  /** Every character is monospace: a line of a code block. */
  code: boolean;
  /** Heading depth, once headings are marked. */
  heading?: number;
  /** Set in a heading's size but not in the outline: a label (a lead-in), not a section. */
  label?: boolean;
}

interface Run {
  text: string;
  monospace: boolean;
}

interface OpenLine {
  runs: Run[];
  x: number;
  y: number;
  size: number;
  end: number;
  weights: Map<number, number>;
}

/** A gap wider than this share of the font size between two items is a space. */
const SPACE_GAP_RATIO = 0.15;
const PAGE_NUMBER = /^(?:(?:page|p\.)\s*)?\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?$|^[-–—]\s*\d{1,4}\s*[-–—]$/i;
/** A line at the same height at a page's edge on this many pages is a running header or footer. */
const RUNNING_LINE_MIN_PAGES = 2;
/** A table-of-contents or index entry: dot leaders, then a page number. */
const LEADER_LINE = /(?:\.\s?){4,}\s*\d{1,4}$/;

/** Items → lines: an item starts a new line when its baseline moves by more than a third of its size. */
export function linesOfPage(items: PdfTextItem[]): TextLine[] {
  const lines: TextLine[] = [];
  let current: OpenLine | undefined;
  let pendingSpace = false;
  for (const item of items) {
    if (!item.text) continue;
    if (!item.text.trim()) {
      pendingSpace = true;
      continue;
    }
    const monospace = item.monospace === true;
    const sameLine = current !== undefined && Math.abs(item.y - current.y) <= Math.max(item.size, current.size) / 3 && item.x >= current.end - current.size;
    if (!current || !sameLine) {
      if (current) lines.push(finishLine(current));
      current = { runs: [{ text: item.text, monospace }], x: item.x, y: item.y, size: item.size, end: item.x + item.width, weights: new Map([[item.size, item.text.length]]) };
    } else {
      const space = pendingSpace || item.x - current.end > current.size * SPACE_GAP_RATIO ? " " : "";
      const last = current.runs.at(-1) as Run;
      if (last.monospace === monospace) last.text += space + item.text;
      else {
        last.text += space;
        current.runs.push({ text: item.text, monospace });
      }
      current.end = item.x + item.width;
      current.weights.set(item.size, (current.weights.get(item.size) ?? 0) + item.text.length);
    }
    pendingSpace = false;
  }
  if (current) lines.push(finishLine(current));
  return lines.filter((line) => line.text && !LEADER_LINE.test(line.text.replace(/`/g, "")));
}

function finishLine(line: OpenLine): TextLine {
  const size = [...line.weights].sort((a, b) => b[1] - a[1])[0]?.[0] ?? line.size;
  const code = line.runs.every((run) => run.monospace || !run.text.trim());
  const text = code ? line.runs.map((run) => run.text).join("") : line.runs.map((run) => (run.monospace && run.text.trim() ? inlineCode(run.text) : run.text)).join("");
  return { text: cleanText(text).replace(/\s+/g, " ").trim(), x: line.x, y: line.y, size, code };
}

/** "  SIZE " → "  `SIZE` ": the spaces around a run stay outside its backticks. */
function inlineCode(text: string): string {
  const [, before = "", inner = "", after = ""] = /^(\s*)(.*?)(\s*)$/s.exec(text) ?? [];
  return `${before}\`${inner}\`${after}`;
}

/**
 * Page numbers at the top or bottom of a page, and lines no larger than the body text repeated at the
 * same height at the top or bottom of other pages (a running title, a chapter name, a confidentiality
 * notice), are furniture, not content. Numbers are ignored when comparing: a running line often carries
 * the page number.
 */
export function dropRunningLines<Page extends { lines: TextLine[] }>(pages: Page[], bodySize: number): Page[] {
  const keyOf = (line: TextLine) => `${Math.round(line.y / 2)}:${line.text.toLowerCase().replace(/\d+/g, "#")}`;
  const pagesWith = new Map<string, number>();
  for (const { lines } of pages) for (const key of new Set(edgeLines(lines).map(keyOf))) pagesWith.set(key, (pagesWith.get(key) ?? 0) + 1);
  const running = (line: TextLine) => line.size <= bodySize + 0.5 && (pagesWith.get(keyOf(line)) ?? 0) >= RUNNING_LINE_MIN_PAGES;
  return pages.map((page) => {
    const edges = new Set(edgeLines(page.lines));
    const byHeight = [...page.lines].sort((a, b) => b.y - a.y);
    const outermost = new Set([byHeight[0], byHeight.at(-1)]);
    const furniture = (line: TextLine) => edges.has(line) && (running(line) || (outermost.has(line) && PAGE_NUMBER.test(line.text)));
    return { ...page, lines: page.lines.filter((line) => !furniture(line)) };
  });
}

/** The two highest and two lowest lines of a page: where headers and footers sit. */
function edgeLines(lines: TextLine[]): TextLine[] {
  const byHeight = [...lines].sort((a, b) => b.y - a.y);
  return [...new Set([...byHeight.slice(0, 2), ...byHeight.slice(-2)])];
}
