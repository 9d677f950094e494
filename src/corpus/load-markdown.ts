import matter from "gray-matter";
import type { SourceDocument } from "./document.js";
import { cleanText, stripInlineMarkdown } from "./clean-text.js";
import { CODE_INDENT, reflowParagraphs } from "./reflow.js";
import { titleFromFileName } from "./title.js";

/** Markdown, with or without YAML front matter (`title`, `postUrl`/`permalink`/`url`). */
export function loadMarkdown(source: string, raw: string): SourceDocument {
  const { data, content } = parseFrontMatter(raw);
  const frontTitle = typeof data.title === "string" && data.title.trim() ? cleanText(data.title.trim()) : undefined;
  const link = [data.postUrl, data.permalink, data.url].find((value): value is string => typeof value === "string" && value.trim() !== "");
  // Tags are stripped before entities are decoded, so an escaped "&lt;String&gt;" survives as text.
  const body = cleanText(markdownToText(repairLineEndings(content)));
  const firstHeading = /^#\s+(.+?)\s*$/m.exec(body)?.[1];
  return {
    source,
    format: "markdown",
    title: frontTitle ?? firstHeading ?? titleFromFileName(source),
    url: link?.trim() ?? source,
    metadata: { titleFromMetadata: Boolean(frontTitle), urlFromMetadata: Boolean(link) },
    text: body,
  };
}

function repairLineEndings(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}

function parseFrontMatter(raw: string): { data: Record<string, unknown>; content: string } {
  try {
    // gray-matter caches by input string; a fresh object keeps documents independent.
    const parsed = matter(raw, {});
    return { data: { ...(parsed.data as Record<string, unknown>) }, content: parsed.content };
  } catch {
    // Malformed front matter: drop the block and keep the body rather than lose the file.
    return { data: {}, content: raw.replace(/^---\n[\s\S]*?\n---\n/, "") };
  }
}

/** Normalises Markdown to the cleaned form the chunker reads: `#` headings, plain prose, `- ` list items. */
export function markdownToText(markdown: string): string {
  const out: string[] = [];
  let inFence = false;
  for (const rawLine of markdown.replace(/<!--[\s\S]*?-->/g, "").split("\n")) {
    const line = rawLine.replace(/\s+$/, "");
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      // Indented, a "# comment" in code is not a heading, and reflow leaves code lines as they are.
      if (line.trim()) out.push(`${CODE_INDENT}${line}`);
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      out.push("");
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading?.[1] && heading[2] !== undefined) {
      out.push(`${heading[1]} ${stripInlineMarkdown(heading[2]).trim()}`);
      continue;
    }
    const item = /^(\s*)(?:[-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (item?.[2] !== undefined) {
      out.push(`- ${item[2].trim()}`);
      continue;
    }
    out.push(line.replace(/^\s*>\s?/, "").trim());
  }
  // Links and emphasis can span wrapped lines, so inline Markdown is stripped once paragraphs are whole again.
  const paragraphs = reflowParagraphs(out).filter((line) => !isLinkOnly(line));
  return paragraphs
    .map((line) => (/^#{1,6}\s/.test(line) || line.startsWith(CODE_INDENT) ? line : stripInlineMarkdown(line).trim()))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** A paragraph that is only a link ("further reading") is a reference, not prose to quote. */
function isLinkOnly(line: string): boolean {
  return /^(?:- )?\[[^\]]*\]\([^)]*\)\s*$/.test(line.trim());
}

