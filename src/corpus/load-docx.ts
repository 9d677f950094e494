import { decodeXML } from "entities";
import { fromHtml } from "hast-util-from-html";
import JSZip from "jszip";
import mammoth from "mammoth";
import { CitebotError, ErrorCode } from "../errors.js";
import { cleanText } from "./clean-text.js";
import type { SourceDocument } from "./document.js";
import { htmlTreeToBlocks } from "./load-html.js";
import { titleFromBlocks, titleFromFileName, usableMetadataTitle } from "./title.js";

/**
 * Word's "Title" style opens most documents; mammoth's default map has no rule for it and would make it
 * a paragraph. Added to (not replacing) the defaults, which map "Heading 1"–"Heading 6" to h1–h6.
 */
const STYLE_MAP = ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => p:fresh"];

/** mammoth ends each footnote or endnote with a "↑" link back to its reference: navigation, not text. */
const NOTE_BACK_LINK = /\s*<a href="#(?:foot|end)note-ref-[^"]*">↑<\/a>/g;

const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/** Images are not quoted; an empty `src` keeps mammoth from base64-encoding every picture into the HTML. */
const DROP_IMAGES = mammoth.images.imgElement(async () => ({ src: "" }));

/**
 * A Word .docx: mammoth turns it into HTML (headings from the paragraph styles, lists from Word's
 * numbering, tables), which then takes the HTML loader's path. Title: the core properties' title, else
 * the first heading, else the file name.
 */
export async function loadDocx(source: string, bytes: Uint8Array): Promise<SourceDocument> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Word saves a password-protected .docx (and the old .doc format) as an OLE compound file, not a zip.
  if (buffer.subarray(0, 4).equals(OLE_SIGNATURE)) {
    throw new CitebotError(ErrorCode.DocumentUnreadable, "password-protected, or an old .doc saved as .docx (save an unprotected .docx to index it)");
  }
  let html: string;
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buffer);
    html = (await mammoth.convertToHtml({ buffer }, { styleMap: STYLE_MAP, convertImage: DROP_IMAGES })).value;
  } catch (error) {
    const reason = (error as Error).message.replace(/\s*If it is, see \S+$/, "");
    throw new CitebotError(ErrorCode.DocumentUnreadable, `not a readable Word .docx file (${reason})`, { cause: error });
  }
  const blocks = htmlTreeToBlocks(fromHtml(cleanText(html.replace(NOTE_BACK_LINK, "")), { fragment: true }));
  const metadataTitle = await coreTitle(zip);
  return {
    source,
    format: "docx",
    title: metadataTitle ?? titleFromBlocks(blocks) ?? titleFromFileName(source),
    url: source,
    metadata: { titleFromMetadata: metadataTitle !== undefined, urlFromMetadata: false },
    blocks,
  };
}

/** `<dc:title>` of docProps/core.xml (File › Properties › Title in Word), when set. */
async function coreTitle(zip: JSZip): Promise<string | undefined> {
  const xml = await zip.file("docProps/core.xml")?.async("string").catch(() => undefined);
  const match = xml ? /<(?:\w+:)?title\b[^>]*>([\s\S]*?)<\/(?:\w+:)?title>/.exec(xml) : null;
  return match?.[1] === undefined ? undefined : usableMetadataTitle(decodeXML(match[1]));
}
