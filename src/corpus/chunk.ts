import { createHash } from "node:crypto";
import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import { SECTION_SEPARATOR, type Chunk, type SourceDocument } from "./document.js";
import { splitSentences } from "./sentences.js";
import { slugify } from "./title.js";

interface Heading {
  level: number;
  text: string;
  anchor: string;
}

interface SectionBody {
  headings: Heading[];
  start: number;
  end: number;
}

const HEADING = /^(#{1,6})\s+(.*?)(?:\s+\{#([^}\s]+)\})?\s*$/;

/**
 * Splits a document at its headings; each chunk knows its heading path, anchor URL and offsets.
 * Sections longer than `maxChars` are split further at paragraph, then sentence, boundaries.
 */
export async function chunkByHeadings(document: SourceDocument, maxChars: number): Promise<Chunk[]> {
  const sections = sectionBodies(document.text);
  const splitter = new RecursiveCharacterTextSplitter({ chunkSize: maxChars, chunkOverlap: 0, separators: ["\n\n", "\n", ". ", " ", ""] });
  const chunks: Chunk[] = [];
  for (const section of sections) {
    const body = document.text.slice(section.start, section.end);
    if (!/\p{Letter}/u.test(body)) continue;
    const path = headingPath(document.title, section.headings);
    const anchor = section.headings.at(-1)?.anchor;
    const url = anchor ? `${document.url.replace(/#.*$/, "")}#${anchor}` : document.url;
    const pieces = body.trim().length <= maxChars ? [body.trim()] : await splitter.splitText(body);
    let cursor = section.start;
    for (const piece of pieces) {
      const text = piece.trim();
      if (!/\p{Letter}/u.test(text)) continue;
      const found = document.text.indexOf(text, cursor);
      const start = found >= 0 ? found : cursor;
      cursor = start + text.length;
      chunks.push({
        id: chunkId(document.source, path, text),
        source: document.source,
        title: document.title,
        section: path,
        url,
        text,
        start,
        end: start + text.length,
        sentences: splitSentences(text),
      });
    }
  }
  return chunks;
}

function sectionBodies(text: string): SectionBody[] {
  const sections: SectionBody[] = [];
  const stack: Heading[] = [];
  let offset = 0;
  let current: SectionBody = { headings: [], start: 0, end: 0 };
  for (const line of text.split("\n")) {
    const match = HEADING.exec(line);
    if (match?.[1] && match[2] !== undefined) {
      current.end = offset;
      sections.push(current);
      const level = match[1].length;
      while (stack.length > 0 && (stack.at(-1)?.level ?? 0) >= level) stack.pop();
      stack.push({ level, text: match[2].trim(), anchor: match[3] ?? slugify(match[2]) });
      current = { headings: [...stack], start: offset + line.length + 1, end: 0 };
    }
    offset += line.length + 1;
  }
  current.end = text.length;
  sections.push(current);
  return sections.filter((section) => section.end > section.start);
}

function headingPath(title: string, headings: Heading[]): string {
  const names = headings.map((heading) => heading.text).filter(Boolean);
  if (names[0]?.toLowerCase() === title.toLowerCase()) names.shift();
  return [title, ...names].join(SECTION_SEPARATOR);
}

function chunkId(source: string, path: string, text: string): string {
  return createHash("sha256").update(`${source}\u0000${path}\u0000${text}`).digest("hex").slice(0, 16);
}
