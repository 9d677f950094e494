import type { Element, Nodes as HastNodes, Root as HastRoot } from "hast";
import { fromHtml } from "hast-util-from-html";
import { toMdast } from "hast-util-to-mdast";
import { toString } from "mdast-util-to-string";
import type { Block, SourceDocument } from "./document.js";
import { cleanText } from "./clean-text.js";
import { mdastToBlocks } from "./mdast-to-blocks.js";
import { titleFromBlocks, titleFromFileName } from "./title.js";

/** Page furniture and non-content: never quoted. */
const SKIPPED = new Set(["script", "style", "noscript", "template", "svg", "nav", "footer", "iframe", "form", "button", "select", "canvas", "aside"]);

/** An HTML page or fragment, parsed by a real HTML parser: headings keep their `id` as the anchor. */
export function loadHtml(source: string, raw: string): SourceDocument {
  const tree = fromHtml(cleanText(raw));
  const titleTag = findElement(tree, "title");
  const canonical = findCanonical(tree);
  const blocks = htmlTreeToBlocks(tree);
  const titleText = titleTag ? textOf(titleTag) : undefined;
  const title = titleText || titleFromBlocks(blocks);
  return {
    source,
    format: "html",
    title: title ?? titleFromFileName(source),
    url: canonical ?? source,
    metadata: { titleFromMetadata: Boolean(titleText), urlFromMetadata: Boolean(canonical) },
    blocks,
  };
}

/** Raw HTML met inside Markdown (a `<table>`, a `<details>`): the same path as a page. */
export function htmlFragmentToBlocks(fragment: string): Block[] {
  return htmlTreeToBlocks(fromHtml(fragment, { fragment: true }));
}

export function htmlTreeToBlocks(tree: HastRoot): Block[] {
  prune(tree);
  const anchors = headingAnchors(tree);
  const blocks = mdastToBlocks(toMdast(tree) as Parameters<typeof mdastToBlocks>[0]);
  // hast-util-to-mdast drops ids; give each heading back the id of the HTML heading with its text, in order.
  for (const block of blocks) {
    if (block.kind !== "heading" || block.anchor) continue;
    const at = anchors.findIndex((entry) => entry.text === block.text);
    if (at < 0) continue;
    const [entry] = anchors.splice(at, 1);
    if (entry?.id) block.anchor = entry.id;
  }
  return blocks;
}

function prune(node: HastRoot | Element): void {
  node.children = node.children.filter((child) => !(child.type === "element" && (SKIPPED.has(child.tagName) || child.tagName === "head")) && child.type !== "comment") as typeof node.children;
  for (const child of node.children) if (child.type === "element") prune(child);
}

function headingAnchors(tree: HastRoot): Array<{ text: string; id?: string }> {
  const found: Array<{ text: string; id?: string }> = [];
  walk(tree, (element) => {
    if (!/^h[1-6]$/.test(element.tagName)) return;
    const id = element.properties?.id;
    const text = textOf(element).replace(/`/g, "");
    found.push(typeof id === "string" && id ? { text, id } : { text });
  });
  return found;
}

function findElement(tree: HastRoot, tagName: string): Element | undefined {
  let found: Element | undefined;
  walk(tree, (element) => {
    if (!found && element.tagName === tagName) found = element;
  });
  return found;
}

function findCanonical(tree: HastRoot): string | undefined {
  let href: string | undefined;
  walk(tree, (element) => {
    const rel = element.properties?.rel;
    if (!href && element.tagName === "link" && Array.isArray(rel) && rel.includes("canonical") && typeof element.properties?.href === "string") href = element.properties.href;
  });
  return href;
}

function walk(node: HastNodes, visit: (element: Element) => void): void {
  if (node.type === "element") visit(node);
  if ("children" in node) for (const child of node.children) walk(child, visit);
}

function textOf(element: Element): string {
  return toString(element as never).replace(/\s+/g, " ").trim();
}
