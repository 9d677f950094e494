import fs from "node:fs/promises";
import path from "node:path";
import type { SourceDocument } from "./document.js";
import { loadDocx } from "./load-docx.js";
import { loadHtml } from "./load-html.js";
import { loadMarkdown } from "./load-markdown.js";
import { loadPdf } from "./load-pdf.js";
import { loadText } from "./load-text.js";

export interface SkippedFile {
  source: string;
  reason: string;
}

export interface LoadedCorpus {
  documents: SourceDocument[];
  skipped: SkippedFile[];
  /** Each loaded file's content (decoded text, or the bytes of a binary format), keyed by source, for content hashing. */
  raw: Map<string, string | Uint8Array>;
}

/** Text formats are decoded (and checked for binary content) before parsing; binary formats get the bytes. */
type Loader =
  | { read: "text"; load: (source: string, text: string) => SourceDocument }
  | { read: "bytes"; load: (source: string, bytes: Uint8Array) => Promise<SourceDocument> };

const markdown: Loader = { read: "text", load: loadMarkdown };
const html: Loader = { read: "text", load: loadHtml };
const text: Loader = { read: "text", load: loadText };

const LOADERS: Record<string, Loader> = {
  ".md": markdown,
  ".markdown": markdown,
  ".mdx": markdown,
  ".html": html,
  ".htm": html,
  ".txt": text,
  ".text": text,
  ".pdf": { read: "bytes", load: loadPdf },
  ".docx": { read: "bytes", load: loadDocx },
};

export const SUPPORTED_EXTENSIONS = Object.keys(LOADERS);

/** Reads every supported file under `dir`; anything unreadable is skipped with its reason, never thrown. */
export async function loadCorpus(dir: string, options: { maxFileBytes: number }): Promise<LoadedCorpus> {
  const documents: SourceDocument[] = [];
  const skipped: SkippedFile[] = [];
  const raw = new Map<string, string | Uint8Array>();
  for (const file of await listFiles(dir)) {
    const source = path.relative(dir, file).split(path.sep).join("/");
    const loader = LOADERS[path.extname(file).toLowerCase()];
    if (!loader) {
      skipped.push({ source, reason: `unsupported file type (supported: ${SUPPORTED_EXTENSIONS.join(", ")})` });
      continue;
    }
    const loaded = await loadFile(loader, file, source, options.maxFileBytes);
    if ("reason" in loaded) {
      skipped.push({ source, reason: loaded.reason });
      continue;
    }
    documents.push(loaded.document);
    raw.set(source, loaded.content);
  }
  return { documents, skipped, raw };
}

type LoadOutcome = { document: SourceDocument; content: string | Uint8Array } | { reason: string };

async function loadFile(loader: Loader, file: string, source: string, maxBytes: number): Promise<LoadOutcome> {
  let document: SourceDocument;
  let content: string | Uint8Array;
  try {
    if (loader.read === "text") {
      const read = await readTextFile(file, maxBytes);
      if ("reason" in read) return read;
      content = read.text;
      document = loader.load(source, read.text);
    } else {
      const read = await readBinaryFile(file, maxBytes);
      if ("reason" in read) return read;
      content = read.bytes;
      document = await loader.load(source, read.bytes);
    }
  } catch (error) {
    return { reason: `could not be parsed: ${(error as Error).message}` };
  }
  // Page markers alone are no text: a scanned PDF without a text layer yields only those.
  if (!document.blocks.some((block) => block.kind !== "page")) {
    return { reason: document.format === "pdf" ? "no text (a scanned PDF needs OCR first)" : "no text after cleaning" };
  }
  return { document, content };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith("."))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

type ReadOutcome = { text: string } | { reason: string };
type BytesOutcome = { bytes: Buffer } | { reason: string };

const utf8 = new TextDecoder("utf-8", { fatal: true });
const latin1 = new TextDecoder("latin1");

/** Node 20's "windows-1252" decoder is ISO-8859-1 underneath; map 0x80–0x9F to what CP1252 puts there. */
function decodeWindows1252(bytes: Buffer): string {
  return latin1.decode(bytes).replace(/[\u0080-\u009F]/g, (char) => CP1252_HIGH[char.charCodeAt(0) - 0x80] || char);
}

const CP1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";

/** A file's bytes, unless it is empty, larger than `maxBytes` or unreadable. */
export async function readBinaryFile(file: string, maxBytes: number): Promise<BytesOutcome> {
  try {
    const stat = await fs.stat(file);
    if (stat.size === 0) return { reason: "empty file" };
    if (stat.size > maxBytes) return { reason: `too large (${stat.size} bytes; MAX_FILE_BYTES is ${maxBytes})` };
    return { bytes: await fs.readFile(file) };
  } catch (error) {
    return { reason: `unreadable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
}

export async function readTextFile(file: string, maxBytes: number): Promise<ReadOutcome> {
  const read = await readBinaryFile(file, maxBytes);
  if ("reason" in read) return read;
  const { bytes } = read;
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
