import { HTMLElement, NodeType, parse, type Node } from "node-html-parser";
import type { SourceDocument } from "./document.js";
import { cleanText } from "./clean-text.js";
import { titleFromFileName } from "./title.js";

const BLOCK_SKIP = new Set(["script", "style", "noscript", "template", "svg", "nav", "footer", "iframe"]);

/** An HTML page or fragment: `<h1>`–`<h6>` become headings (their `id` the anchor), blocks become paragraphs. */
export function loadHtml(source: string, raw: string): SourceDocument {
  const root = parse(raw, { comment: false, blockTextElements: { script: false, style: false, pre: true } });
  const titleTag = root.querySelector("title")?.text.trim();
  const h1 = root.querySelector("h1")?.text.trim();
  const canonical = root.querySelector('link[rel="canonical"]')?.getAttribute("href");
  const lines: string[] = [];
  walk(root, lines);
  const title = titleTag || h1;
  return {
    source,
    format: "html",
    title: title ? cleanText(title).replace(/\s+/g, " ") : titleFromFileName(source),
    url: canonical ?? source,
    metadata: { titleFromMetadata: Boolean(title), urlFromMetadata: Boolean(canonical) },
    text: cleanText(lines.join("\n")).replace(/\n{3,}/g, "\n\n").trim(),
  };
}

function walk(node: Node, lines: string[]): void {
  for (const child of node.childNodes) {
    if (child.nodeType === NodeType.TEXT_NODE) {
      const text = inlineText(child);
      if (text) lines.push(text);
      continue;
    }
    if (!(child instanceof HTMLElement)) continue;
    const tag = child.tagName?.toLowerCase() ?? "";
    if (BLOCK_SKIP.has(tag) || tag === "head" || tag === "title") continue;
    const level = /^h([1-6])$/.exec(tag)?.[1];
    if (level) {
      const id = child.getAttribute("id");
      lines.push("", `${"#".repeat(Number(level))} ${inlineText(child)}${id ? ` {#${id}}` : ""}`, "");
    } else if (tag === "li") {
      lines.push(`- ${inlineText(child)}`);
    } else if (tag === "p" || tag === "blockquote" || tag === "pre" || tag === "td" || tag === "th" || tag === "dt" || tag === "dd") {
      const text = inlineText(child);
      if (text) lines.push("", text, "");
    } else {
      walk(child, lines);
    }
  }
}

function inlineText(node: Node): string {
  // rawText keeps entities for cleanText to decode exactly once; collapse the whitespace HTML source formatting leaves behind.
  return node.rawText.replace(/\s+/g, " ").trim();
}
