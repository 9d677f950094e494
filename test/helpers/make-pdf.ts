/**
 * A minimal PDF writer for tests: pages of positioned text lines in Helvetica or Courier (not embedded,
 * so the file stays a few hundred bytes a page), an optional /Info title and an optional outline whose
 * entries point at a page and a height on it. Enough to exercise a real PDF parser on known input.
 */
export interface PdfLine {
  /** The line's text, or runs in different fonts (the PDF advances from one run to the next). */
  text: string | PdfRun[];
  /** Font size in points. */
  size: number;
  /** Baseline height from the bottom of a 612×792 page. */
  y: number;
  x?: number;
  bold?: boolean;
  /** Courier: how code is set. */
  mono?: boolean;
}

export interface PdfRun {
  text: string;
  mono?: boolean;
}

export interface PdfOutlineEntry {
  title: string;
  /** 1-based page the entry opens. */
  page: number;
  /** Height on the page the entry scrolls to. */
  top?: number;
  children?: PdfOutlineEntry[];
}

export interface PdfSpec {
  pages: PdfLine[][];
  title?: string;
  outline?: PdfOutlineEntry[];
  /**
   * Adds a standard security handler whose user password is not empty, as a password-protected PDF has.
   * The text itself stays unencrypted: a reader must refuse the file before reading any of it.
   */
  passwordProtected?: boolean;
}

const PAGE_WIDTH = 612;
const PAGE_HEIGHT = 792;

export function makePdf(spec: PdfSpec): Uint8Array {
  const objects: string[] = [];
  const reserve = (): number => objects.push("");
  const set = (id: number, body: string): void => {
    objects[id - 1] = body;
  };

  const catalog = reserve();
  const pagesRoot = reserve();
  const regular = reserve();
  const bold = reserve();
  const mono = reserve();
  set(regular, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  set(bold, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>");
  set(mono, "<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>");

  const pageIds = spec.pages.map((lines) => {
    const page = reserve();
    const content = reserve();
    const stream = lines.map((line) => `BT ${line.x ?? 72} ${line.y} Td ${runsOf(line).map((run) => `/${run.font} ${line.size} Tf (${escapeText(run.text)}) Tj`).join(" ")} ET`).join("\n");
    set(content, `<< /Length ${Buffer.byteLength(stream, "latin1")} >>\nstream\n${stream}\nendstream`);
    set(page, `<< /Type /Page /Parent ${pagesRoot} 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Resources << /Font << /F1 ${regular} 0 R /F2 ${bold} 0 R /F3 ${mono} 0 R >> >> /Contents ${content} 0 R >>`);
    return page;
  });
  set(pagesRoot, `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pageIds.length} >>`);

  let outlineRoot: number | undefined;
  if (spec.outline && spec.outline.length > 0) {
    outlineRoot = reserve();
    const { first, last, count } = writeOutline(spec.outline, outlineRoot, pageIds, reserve, set);
    set(outlineRoot, `<< /Type /Outlines /First ${first} 0 R /Last ${last} 0 R /Count ${count} >>`);
  }
  set(catalog, `<< /Type /Catalog /Pages ${pagesRoot} 0 R${outlineRoot ? ` /Outlines ${outlineRoot} 0 R /PageMode /UseOutlines` : ""} >>`);

  let info: number | undefined;
  if (spec.title !== undefined) {
    info = reserve();
    set(info, `<< /Title (${escapeText(spec.title)}) /Producer (citebot tests) >>`);
  }

  let encrypt: number | undefined;
  if (spec.passwordProtected) {
    encrypt = reserve();
    set(encrypt, `<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <${"ab".repeat(32)}> /U <${"cd".repeat(32)}> >>`);
  }

  let body = "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, "latin1"));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, "latin1");
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R${info ? ` /Info ${info} 0 R` : ""}${encrypt ? ` /Encrypt ${encrypt} 0 R /ID [<${"00".repeat(16)}> <${"00".repeat(16)}>]` : ""} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(body, "latin1"));
}

function runsOf(line: PdfLine): Array<{ text: string; font: "F1" | "F2" | "F3" }> {
  const fontOf = (mono: boolean | undefined) => (mono ? "F3" : line.bold ? "F2" : "F1");
  if (typeof line.text === "string") return [{ text: line.text, font: fontOf(line.mono) }];
  return line.text.map((run) => ({ text: run.text, font: fontOf(run.mono) }));
}

function writeOutline(
  entries: PdfOutlineEntry[],
  parent: number,
  pageIds: number[],
  reserve: () => number,
  set: (id: number, body: string) => void,
): { first: number; last: number; count: number } {
  const ids = entries.map(() => reserve());
  let count = entries.length;
  entries.forEach((entry, i) => {
    const id = ids[i] as number;
    const page = pageIds[entry.page - 1];
    if (page === undefined) throw new Error(`outline entry "${entry.title}" points at missing page ${entry.page}`);
    const links = [i > 0 ? `/Prev ${ids[i - 1]} 0 R` : "", i < ids.length - 1 ? `/Next ${ids[i + 1]} 0 R` : ""].join(" ");
    let children = "";
    if (entry.children && entry.children.length > 0) {
      const nested = writeOutline(entry.children, id, pageIds, reserve, set);
      children = `/First ${nested.first} 0 R /Last ${nested.last} 0 R /Count ${nested.count}`;
      count += nested.count;
    }
    set(id, `<< /Title (${escapeText(entry.title)}) /Parent ${parent} 0 R ${links} ${children} /Dest [${page} 0 R /XYZ 0 ${entry.top ?? PAGE_HEIGHT} null] >>`);
  });
  return { first: ids[0] as number, last: ids.at(-1) as number, count };
}

// WinAnsiEncoding puts these where Latin-1 has C1 controls; everything else it covers is Latin-1.
const WIN_ANSI: Record<string, string> = { "€": "\x80", "…": "\x85", "‘": "\x91", "’": "\x92", "“": "\x93", "”": "\x94", "•": "\x95", "–": "\x96", "—": "\x97", "™": "\x99" };

/** A PDF literal string in WinAnsi bytes (as a Latin-1 string): backslash and parentheses escaped. */
function escapeText(text: string): string {
  return [...text]
    .map((char) => {
      const mapped = WIN_ANSI[char] ?? char;
      if (mapped.charCodeAt(0) > 0xff) throw new Error(`makePdf: "${char}" is not in WinAnsiEncoding`);
      return /[\\()]/.test(mapped) ? `\\${mapped}` : mapped;
    })
    .join("");
}
