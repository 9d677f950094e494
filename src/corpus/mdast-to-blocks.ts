import type { List, ListItem as MdListItem, Nodes, PhrasingContent, Root, RootContent, Table } from "mdast";
import type { Block, ListItem } from "./document.js";

export interface BlockOptions {
  /** Turns a block of raw HTML inside Markdown into blocks (the HTML loader's path). */
  html?: (fragment: string) => Block[];
}

/**
 * A Markdown syntax tree (mdast) → the blocks answers are quoted from. Headings count only at the top
 * level (a `> ## Note` inside a blockquote is a label, not a section); lists keep their nesting; tables keep
 * their header; code stays code.
 */
export function mdastToBlocks(root: Root, options: BlockOptions = {}): Block[] {
  const blocks: Block[] = [];
  for (const node of root.children) visit(node, blocks, options, false);
  return blocks.filter(hasContent);
}

function visit(node: RootContent, out: Block[], options: BlockOptions, quoted: boolean): void {
  switch (node.type) {
    case "heading": {
      const { text, anchor } = headingText(phrasing(node.children));
      if (!text) return;
      if (quoted) out.push({ kind: "label", text });
      else out.push(anchor ? { kind: "heading", depth: node.depth, text, anchor } : { kind: "heading", depth: node.depth, text });
      return;
    }
    case "paragraph": {
      const text = phrasing(node.children);
      // A paragraph that is only a link ("Chartbeat Engineering Blog") is a reference, not prose to quote; a link-only list item is kept.
      if (!text || isLinkOnly(node.children)) return;
      out.push(isLabel(node.children) ? { kind: "label", text: text.replace(/\s*:$/, ":") } : { kind: "paragraph", text: admonition(text) });
      return;
    }
    case "list":
      pushList(node, out, options);
      return;
    case "table":
      out.push(tableBlock(node));
      return;
    case "code":
      if (node.value.trim()) out.push(node.lang ? { kind: "code", lang: node.lang, text: node.value } : { kind: "code", text: node.value });
      return;
    case "blockquote":
      for (const child of node.children) visit(child as RootContent, out, options, true);
      return;
    case "html": {
      const fragment = node.value;
      if (options.html) out.push(...options.html(fragment));
      return;
    }
    default:
      // thematic breaks, link definitions, footnotes, front matter nodes: nothing to quote
      return;
  }
}

function pushList(list: List, out: Block[], options: BlockOptions): void {
  const items: ListItem[] = [];
  const trailing: Block[] = [];
  collectItems(list, 0, items, trailing, options);
  if (items.length > 0) out.push({ kind: "list", ordered: Boolean(list.ordered), items });
  out.push(...trailing);
}

/** Items in document order with their depth; code and tables inside an item follow the list. */
function collectItems(list: List, depth: number, items: ListItem[], trailing: Block[], options: BlockOptions): void {
  for (const item of list.children) collectItem(item, depth, items, trailing, options);
}

function collectItem(item: MdListItem, depth: number, items: ListItem[], trailing: Block[], options: BlockOptions): void {
  const texts: string[] = [];
  const nested: List[] = [];
  for (const child of item.children) {
    if (child.type === "paragraph" || child.type === "heading") texts.push(phrasing(child.children));
    else if (child.type === "list") nested.push(child);
    else visit(child as RootContent, trailing, options, true);
  }
  const text = texts.filter(Boolean).join(" ");
  if (text) items.push({ text, depth });
  for (const list of nested) collectItems(list, text ? depth + 1 : depth, items, trailing, options);
}

function tableBlock(table: Table): Block {
  const [head, ...body] = table.children.map((row) => row.children.map((cell) => phrasing(cell.children)));
  return { kind: "table", header: head ?? [], rows: body.filter((row) => row.some(Boolean)) };
}

/** Inline content as text: inline code keeps its backticks, links keep their text, markup goes. */
export function phrasing(nodes: ReadonlyArray<PhrasingContent | Nodes>): string {
  return nodes
    .map((node) => inline(node))
    .join("")
    .replace(/[ \t\n]+/g, " ")
    .trim();
}

function inline(node: PhrasingContent | Nodes): string {
  switch (node.type) {
    case "text":
      return node.value;
    case "inlineCode":
      return node.value.includes("`") ? `\`\` ${node.value} \`\`` : `\`${node.value}\``;
    case "break":
      return " ";
    case "image":
    case "imageReference":
    case "footnoteReference":
      return "";
    case "html":
      // Inline tags (<br>, <kbd>, <sup>) around text that is its own node.
      return /^<br\s*\/?>$/i.test(node.value.trim()) ? " " : "";
    case "link":
    case "linkReference":
    case "emphasis":
    case "strong":
    case "delete":
      return node.children.map((child) => inline(child)).join("");
    default:
      return "children" in node ? (node.children as Nodes[]).map((child) => inline(child)).join("") : "";
  }
}

/** A paragraph of only emphasised text (and maybe a colon): "**Technology Stack**", "**Why Go?**". */
function isLabel(children: PhrasingContent[]): boolean {
  const meaningful = children.filter((child) => !(child.type === "text" && /^[\s:✅⚠️❌️]*$/u.test(child.value)));
  return meaningful.length === 1 && (meaningful[0]?.type === "strong" || meaningful[0]?.type === "emphasis") && phrasing(meaningful).split(/\s+/).length <= 12;
}

function isLinkOnly(children: PhrasingContent[]): boolean {
  const meaningful = children.filter((child) => !(child.type === "text" && child.value.trim() === "") && child.type !== "html" && child.type !== "image");
  return meaningful.length === 1 && (meaningful[0]?.type === "link" || meaningful[0]?.type === "linkReference");
}

/** GitHub's `> [!NOTE]` admonitions read as "Note:". */
function admonition(text: string): string {
  return text.replace(/^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*/i, (_, kind: string) => `${kind.charAt(0)}${kind.slice(1).toLowerCase()}: `);
}

/** kramdown/pandoc `## Heading {#anchor}`. */
function headingText(text: string): { text: string; anchor?: string } {
  const explicit = /\s*\{#([^}\s]+)\}\s*$/.exec(text);
  const plain = (explicit ? text.slice(0, explicit.index) : text).replace(/`/g, "").trim();
  return explicit?.[1] ? { text: plain, anchor: explicit[1] } : { text: plain };
}

function hasContent(block: Block): boolean {
  switch (block.kind) {
    case "list":
      return block.items.length > 0;
    case "table":
      return block.rows.length > 0 || block.header.some(Boolean);
    case "page":
      return true;
    default:
      return /[\p{Letter}\p{Number}]/u.test(block.text);
  }
}

