import matter from "gray-matter";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import type { Block, SourceDocument } from "./document.js";
import { cleanText } from "./clean-text.js";
import { htmlFragmentToBlocks } from "./load-html.js";
import { mdastToBlocks } from "./mdast-to-blocks.js";
import { titleFromBlocks, titleFromFileName } from "./title.js";

/** Markdown (GFM), with or without YAML front matter (`title`, `postUrl`/`permalink`/`url`). */
export function loadMarkdown(source: string, raw: string): SourceDocument {
  const { data, content } = parseFrontMatter(cleanText(raw));
  const frontTitle = typeof data.title === "string" && data.title.trim() ? data.title.trim().replace(/\s+/g, " ") : undefined;
  const link = [data.postUrl, data.permalink, data.url].find((value): value is string => typeof value === "string" && value.trim() !== "");
  const blocks = markdownToBlocks(source.endsWith(".mdx") ? withoutMdxStatements(content) : content);
  const title = frontTitle ?? titleFromBlocks(blocks);
  return {
    source,
    format: "markdown",
    title: title ?? titleFromFileName(source),
    url: link?.trim() ?? source,
    metadata: { titleFromMetadata: Boolean(frontTitle), urlFromMetadata: Boolean(link) },
    blocks,
  };
}

export function markdownToBlocks(markdown: string): Block[] {
  const tree = fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  return mdastToBlocks(tree, { html: htmlFragmentToBlocks });
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

/** MDX's `import`/`export` lines are code for the site builder, not prose. */
function withoutMdxStatements(content: string): string {
  return content.replace(/^(?:import|export)\s.*$/gm, "");
}
