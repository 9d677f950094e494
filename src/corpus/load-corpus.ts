import fs from "node:fs/promises";
import path from "node:path";
import type { SourceDocument } from "./document.js";
import { loadHtml } from "./load-html.js";
import { loadMarkdown } from "./load-markdown.js";
import { loadText } from "./load-text.js";

export interface SkippedFile {
  source: string;
  reason: string;
}

export interface LoadedCorpus {
  documents: SourceDocument[];
  skipped: SkippedFile[];
  /** Raw bytes of each loaded file, keyed by source, for content hashing. */
  raw: Map<string, string>;
}

const LOADERS: Record<string, (source: string, raw: string) => SourceDocument> = {
  ".md": loadMarkdown,
  ".markdown": loadMarkdown,
  ".mdx": loadMarkdown,
  ".html": loadHtml,
  ".htm": loadHtml,
  ".txt": loadText,
  ".text": loadText,
};

export const SUPPORTED_EXTENSIONS = Object.keys(LOADERS);

/** Reads every supported file under `dir`; anything unreadable is skipped with its reason, never thrown. */
export async function loadCorpus(dir: string, options: { maxFileBytes: number }): Promise<LoadedCorpus> {
  const documents: SourceDocument[] = [];
  const skipped: SkippedFile[] = [];
  const raw = new Map<string, string>();
  for (const file of await listFiles(dir)) {
    const source = path.relative(dir, file).split(path.sep).join("/");
    const loader = LOADERS[path.extname(file).toLowerCase()];
    if (!loader) {
      skipped.push({ source, reason: `unsupported file type (supported: ${SUPPORTED_EXTENSIONS.join(", ")})` });
      continue;
    }
    const outcome = await readTextFile(file, options.maxFileBytes);
    if ("reason" in outcome) {
      skipped.push({ source, reason: outcome.reason });
      continue;
    }
    try {
      const document = loader(source, outcome.text);
      if (document.blocks.length === 0) {
        skipped.push({ source, reason: "no text after cleaning" });
        continue;
      }
      documents.push(document);
      raw.set(source, outcome.text);
    } catch (error) {
      skipped.push({ source, reason: `could not be parsed: ${(error as Error).message}` });
    }
  }
  return { documents, skipped, raw };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith("."))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

type ReadOutcome = { text: string } | { reason: string };

const utf8 = new TextDecoder("utf-8", { fatal: true });
const latin1 = new TextDecoder("latin1");

/** Node 20's "windows-1252" decoder is ISO-8859-1 underneath; map 0x80–0x9F to what CP1252 puts there. */
function decodeWindows1252(bytes: Buffer): string {
  return latin1.decode(bytes).replace(/[\u0080-\u009F]/g, (char) => CP1252_HIGH[char.charCodeAt(0) - 0x80] || char);
}

const CP1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";

export async function readTextFile(file: string, maxBytes: number): Promise<ReadOutcome> {
  let bytes: Buffer;
  try {
    const stat = await fs.stat(file);
    if (stat.size === 0) return { reason: "empty file" };
    if (stat.size > maxBytes) return { reason: `too large (${stat.size} bytes; MAX_FILE_BYTES is ${maxBytes})` };
    bytes = await fs.readFile(file);
  } catch (error) {
    return { reason: `unreadable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  if (bytes.includes(0)) return { reason: "binary content (NUL bytes)" };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    // Not UTF-8: legacy Windows-1252 text is common and still readable; anything else is not.
    text = decodeWindows1252(bytes);
  }
  const controls = text.match(/[\u0000-\u0008\u000E-\u001F\u007F]/g)?.length ?? 0;
  if (controls > Math.max(2, text.length * 0.01)) return { reason: "binary or badly encoded content" };
  if (!text.trim()) return { reason: "only whitespace" };
  return { text };
}
