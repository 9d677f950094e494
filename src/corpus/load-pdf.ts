import { getDocumentProxy } from "unpdf";
import { CitebotError, ErrorCode } from "../errors.js";
import type { SourceDocument } from "./document.js";
import { pdfTextToBlocks, type PdfOutlineHeading, type PdfPageText, type PdfTextItem } from "./pdf-text-to-blocks.js";
import { titleFromBlocks, titleFromFileName, usableMetadataTitle } from "./title.js";

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;
type OutlineNode = Awaited<ReturnType<PdfDocument["getOutline"]>>[number];

/** pdf.js's `VerbosityLevel.ERRORS`: its warnings about fonts and odd syntax would flood the ingest log. */
const PDFJS_ERRORS_ONLY = 0;
const MAX_OUTLINE_DEPTH = 6;

/**
 * A PDF, read with pdf.js (the serverless build `unpdf` bundles: no worker, nothing fetched). Text comes
 * page by page, each page's blocks after a `page` block so sections cite their page; headings come from
 * the outline, else from font sizes (see `pdfTextToBlocks`). Title: the document's metadata title, else
 * the largest heading-sized text on the first page, else the first heading, else the file name.
 */
export async function loadPdf(source: string, bytes: Uint8Array): Promise<SourceDocument> {
  const pdf = await openPdf(bytes);
  try {
    const pages = await pageTexts(pdf);
    const outline = await outlineHeadings(pdf);
    const { blocks, coverTitle } = pdfTextToBlocks(pages, outline);
    const metadataTitle = await metadataTitleOf(pdf);
    return {
      source,
      format: "pdf",
      title: metadataTitle ?? coverTitle ?? titleFromBlocks(blocks) ?? titleFromFileName(source),
      url: source,
      metadata: { titleFromMetadata: metadataTitle !== undefined, urlFromMetadata: false },
      blocks,
    };
  } finally {
    await pdf.destroy();
  }
}

async function openPdf(bytes: Uint8Array): Promise<PdfDocument> {
  try {
    return await getDocumentProxy(
      // pdf.js takes ownership of the buffer it is given; the caller keeps its bytes (they are hashed later).
      new Uint8Array(bytes),
      {
        verbosity: PDFJS_ERRORS_ONLY,
        isEvalSupported: false,
        disableFontFace: true,
        useSystemFonts: false,
        useWorkerFetch: false,
        isOffscreenCanvasSupported: false,
        // With no URL pdf.js fetches neither: standard-font glyph data only matters for rendering; the
        // predefined CJK CMaps are not shipped, so text in a PDF that relies on them without embedding
        // its fonts may come out empty (a known limit, rare in exported office documents).
        standardFontDataUrl: undefined,
        cMapUrl: undefined,
      },
    );
  } catch (error) {
    throw new CitebotError(ErrorCode.DocumentUnreadable, describePdfError(error), { cause: error });
  }
}

function describePdfError(error: unknown): string {
  const { name, message } = error instanceof Error ? error : { name: "", message: String(error) };
  if (name === "PasswordException") return "password-protected PDF (save an unprotected copy to index it)";
  if (name === "InvalidPDFException") return `not a readable PDF (${message.replace(/\.$/, "")})`;
  return message;
}

async function pageTexts(pdf: PdfDocument): Promise<PdfPageText[]> {
  const pages: PdfPageText[] = [];
  for (let number = 1; number <= pdf.numPages; number++) {
    const page = await pdf.getPage(number);
    const content = await page.getTextContent();
    const items: PdfTextItem[] = [];
    for (const item of content.items) {
      if (!("str" in item)) continue;
      const [, , c = 0, d = 0, x = 0, y = 0] = item.transform as number[];
      // pdf.js names a fixed-pitch font's family "monospace" (from the font's flags or its name).
      const monospace = content.styles[item.fontName]?.fontFamily === "monospace";
      items.push({ text: item.str, x, y, width: item.width, size: Math.hypot(c, d), monospace });
    }
    pages.push({ page: number, items });
    page.cleanup();
  }
  return pages;
}

/** The outline, flattened in reading order, each entry resolved to its page; a broken entry is left out. */
async function outlineHeadings(pdf: PdfDocument): Promise<PdfOutlineHeading[]> {
  const outline = await pdf.getOutline().catch(() => null);
  const headings: PdfOutlineHeading[] = [];
  const visit = async (nodes: OutlineNode[], depth: number): Promise<void> => {
    for (const node of nodes) {
      const target = await resolveDestination(pdf, node.dest).catch(() => undefined);
      if (target && node.title.trim()) headings.push({ title: node.title, depth: Math.min(depth, MAX_OUTLINE_DEPTH), ...target });
      await visit(node.items as OutlineNode[], depth + 1);
    }
  };
  await visit(outline ?? [], 1);
  return headings;
}

/** A destination (a name, or `[page, /XYZ left top zoom]` and kin) → its 1-based page and, when given, its height. */
async function resolveDestination(pdf: PdfDocument, dest: OutlineNode["dest"]): Promise<{ page: number; top?: number } | undefined> {
  const explicit: unknown = typeof dest === "string" ? await pdf.getDestination(dest) : dest;
  if (!Array.isArray(explicit) || explicit.length < 2) return undefined;
  const [ref, fit, ...args] = explicit as [unknown, { name?: string } | undefined, ...unknown[]];
  const index = typeof ref === "number" ? ref : await pdf.getPageIndex(ref as Parameters<PdfDocument["getPageIndex"]>[0]);
  const top = fit?.name === "XYZ" ? args[1] : fit?.name === "FitH" || fit?.name === "FitBH" ? args[0] : undefined;
  return typeof top === "number" ? { page: index + 1, top } : { page: index + 1 };
}

/** XMP `dc:title` (what current tools write), else the Info dictionary's `/Title`. */
async function metadataTitleOf(pdf: PdfDocument): Promise<string | undefined> {
  const meta = await pdf.getMetadata().catch(() => undefined);
  if (!meta) return undefined;
  const xmp: unknown = meta.metadata?.get("dc:title");
  const info = meta.info as { Title?: unknown };
  return usableMetadataTitle(xmp) ?? usableMetadataTitle(info.Title);
}
