import { createHash } from "node:crypto";
import GithubSlugger from "github-slugger";
import { SECTION_SEPARATOR, type Block, type Chunk, type SourceDocument, type Unit } from "./document.js";
import { splitSentences } from "./sentences.js";

interface Heading {
  depth: number;
  text: string;
  anchor: string;
}

interface Section {
  headings: Heading[];
  blocks: Block[];
  /** PDF page each block is on: a chunk cites the page it starts on. */
  pages: Map<Block, number>;
}

/**
 * Splits a document at its headings; each chunk knows its heading path and anchor URL (GitHub's slugs,
 * with `-1`, `-2` for repeated headings), and holds the units an answer can quote. Sections longer than
 * `maxChars` are split between blocks, never between a lead-in and the list, table or code it introduces.
 * A PDF's chunks cite their page instead: the path ends in "(p. N)" and the URL in `#page=N` (the page the
 * chunk starts on), since PDF viewers open pages, not heading anchors; a Word file's link is the file.
 */
export function chunkByHeadings(document: SourceDocument, maxChars: number): Chunk[] {
  const chunks: Chunk[] = [];
  for (const section of sectionsOf(document)) {
    const path = headingPath(document.title, section.headings);
    for (const blocks of splitBlocks(section.blocks, maxChars)) {
      const units = unitsOf(blocks);
      if (units.length === 0) continue;
      const page = blocks[0] && section.pages.get(blocks[0]);
      const cited = document.format === "pdf" && page !== undefined ? `${path} (p. ${page})` : path;
      const text = renderBlocks(blocks);
      chunks.push({
        id: chunkId(document.source, cited, text),
        source: document.source,
        title: document.title,
        section: cited,
        url: sectionUrl(document, section, page),
        text,
        units,
        ...(page !== undefined ? { page } : {}),
      });
    }
  }
  return chunks;
}

function sectionsOf(document: SourceDocument): Section[] {
  const slugger = new GithubSlugger();
  const sections: Section[] = [];
  const stack: Heading[] = [];
  let page: number | undefined;
  let current: Section = { headings: [], blocks: [], pages: new Map() };
  for (const block of document.blocks) {
    if (block.kind === "page") {
      page = block.page;
      continue;
    }
    if (block.kind !== "heading") {
      if (page !== undefined) current.pages.set(block, page);
      current.blocks.push(block);
      continue;
    }
    sections.push(current);
    while (stack.length > 0 && (stack.at(-1)?.depth ?? 0) >= block.depth) stack.pop();
    stack.push({ depth: block.depth, text: block.text, anchor: block.anchor ?? slugger.slug(block.text) });
    current = { headings: [...stack], blocks: [], pages: new Map() };
  }
  sections.push(current);
  return sections.filter((section) => section.blocks.length > 0);
}

/** PDF viewers open `#page=N`; Word opens no fragment at all, so a .docx section links to the file. */
function sectionUrl(document: SourceDocument, section: Section, page: number | undefined): string {
  const base = document.url.replace(/#.*$/, "");
  if (document.format === "pdf" && page !== undefined) return `${base}#page=${page}`;
  if (document.format === "docx") return document.url;
  const anchor = section.headings.at(-1)?.anchor;
  if (anchor) return `${base}#${anchor}`;
  if (page !== undefined) return `${base}#page=${page}`;
  return document.url;
}

function headingPath(title: string, headings: Heading[]): string {
  const names = headings.map((heading) => heading.text).filter(Boolean);
  if (names[0]?.toLowerCase() === title.toLowerCase()) names.shift();
  return [title, ...names].join(SECTION_SEPARATOR);
}

/** Pieces of at most `maxChars` (a single larger block stays whole), cut only where no lead-in is left behind. */
function splitBlocks(blocks: Block[], maxChars: number): Block[][] {
  const pieces: Block[][] = [];
  let piece: Block[] = [];
  let size = 0;
  const separator = 2; // the blank line between rendered blocks
  blocks.forEach((block, i) => {
    const length = renderBlocks([block]).length;
    const added = piece.length > 0 ? separator + length : length;
    if (piece.length > 0 && size + added > maxChars) {
      const previous = blocks[i - 1];
      if (previous !== undefined && introduces(previous, block) && piece.length > 1) {
        // Cut before the lead-in instead, so that it stays with what it introduces.
        const leadIn = piece.pop() as Block;
        pieces.push(piece);
        piece = [leadIn];
        size = renderBlocks([leadIn]).length;
      } else if (previous === undefined || !introduces(previous, block)) {
        pieces.push(piece);
        piece = [];
        size = 0;
      }
    }
    size += piece.length > 0 ? separator + length : length;
    piece.push(block);
  });
  if (piece.length > 0) pieces.push(piece);
  return pieces;
}

/** A label, or a paragraph ending in ":", introduces the list, table or code right after it. */
function introduces(previous: Block, block: Block): boolean {
  if (block.kind !== "list" && block.kind !== "table" && block.kind !== "code") return false;
  return previous.kind === "label" || (previous.kind === "paragraph" && /:\s*$/.test(previous.text));
}

// Sentences that lean on the one before: quoted alone they lose their cause or subject.
const LEANS_BACK = /^(?:as a result|because of (?:this|that)|this|that|these|those|it|its|they|their|so|therefore|thus|hence|however|but|also|in addition|additionally|furthermore|moreover|otherwise|instead|then|here|such|the (?:former|latter)|for (?:this|that) reason|on top of (?:this|that)|with that said|in (?:this|that) case|similarly|likewise)\b/i;

/** The quotable units of a chunk's blocks, each pointing at what it reads after. */
export function unitsOf(blocks: Block[]): Unit[] {
  const units: Unit[] = [];
  blocks.forEach((block, b) => {
    const previousBlock = blocks[b - 1];
    const introduction = previousBlock !== undefined && units.length > 0 && (introduces(previousBlock, block) || previousBlock.kind === "paragraph") ? units.length - 1 : undefined;
    switch (block.kind) {
      case "paragraph":
        splitSentences(block.text).forEach((text, s) => {
          const leansBack = LEANS_BACK.test(text) && units.length > 0 && (s > 0 || previousBlock?.kind === "paragraph");
          units.push(leansBack ? { kind: "sentence", text, block: b, leadIn: units.length - 1 } : { kind: "sentence", text, block: b });
        });
        return;
      case "label":
        units.push({ kind: "label", text: block.text, block: b });
        return;
      case "list": {
        if (block.items.length >= 2) {
          const whole: Unit = { kind: "list", text: block.items.map((item) => item.text.replace(/[.;]\s*$/, "")).join("; "), block: b };
          if (introduction !== undefined) whole.leadIn = introduction;
          units.push(whole);
        }
        const parents: number[] = [];
        let ordinal = 0;
        for (const item of block.items) {
          parents.length = item.depth;
          const parent = item.depth > 0 ? parents[item.depth - 1] : introduction;
          if (item.depth === 0) ordinal += 1;
          const unit: Unit = { kind: "item", text: item.text, block: b, depth: item.depth };
          if (parent !== undefined) unit.leadIn = parent;
          if (block.ordered && item.depth === 0) unit.ordinal = ordinal;
          parents[item.depth] = units.length;
          units.push(unit);
        }
        return;
      }
      case "table":
        for (const row of block.rows) {
          const text = block.header.some(Boolean)
            ? row.map((cell, c) => (cell ? `${block.header[c] || `Column ${c + 1}`}: ${cell}` : "")).filter(Boolean).join("; ")
            : row.filter(Boolean).join(" | ");
          if (text) units.push(introduction !== undefined ? { kind: "row", text, block: b, leadIn: introduction } : { kind: "row", text, block: b });
        }
        return;
      case "code": {
        const unit: Unit = { kind: "code", text: block.text.replace(/\s+$/, ""), block: b };
        if (block.lang) unit.lang = block.lang;
        if (introduction !== undefined) unit.leadIn = introduction;
        units.push(unit);
        return;
      }
      default:
        return;
    }
  });
  return units;
}

/** Blocks as readable text: lists as "- " lines, rows as "Header: value; …", code fenced. */
export function renderBlocks(blocks: Block[]): string {
  return blocks
    .map((block) => {
      switch (block.kind) {
        case "paragraph":
        case "label":
          return block.text;
        case "list":
          return block.items.map((item) => `${"  ".repeat(item.depth)}- ${item.text}`).join("\n");
        case "table":
          return unitsOf([block]).map((unit) => `- ${unit.text}`).join("\n");
        case "code":
          return `\`\`\`${block.lang ?? ""}\n${block.text.replace(/\s+$/, "")}\n\`\`\``;
        default:
          return "";
      }
    })
    .filter(Boolean)
    .join("\n\n");
}

/** Every block's text, for near-duplicate detection and word statistics. */
export function documentText(document: SourceDocument): string {
  return renderBlocks(document.blocks.filter((block) => block.kind !== "heading" && block.kind !== "page"));
}

function chunkId(source: string, path: string, text: string): string {
  return createHash("sha256").update(`${source}\u0000${path}\u0000${text}`).digest("hex").slice(0, 16);
}
