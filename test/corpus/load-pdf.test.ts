import net from "node:net";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { chunkByHeadings } from "../../src/corpus/chunk.js";
import type { Block, SourceDocument } from "../../src/corpus/document.js";
import { loadPdf } from "../../src/corpus/load-pdf.js";
import { ErrorCode } from "../../src/errors.js";
import { makePdf, type PdfLine, type PdfSpec } from "../helpers/make-pdf.js";

const body = (y: number, text: string): PdfLine => ({ text, size: 11, y });
const runningHeader: PdfLine = { text: "ACME internal", size: 9, y: 770 };
const pageNumber = (n: number): PdfLine => ({ text: String(n), size: 9, y: 40, x: 300 });

/** Three pages: a 22 pt title, 16 pt and 13 pt headings over 11 pt text, a running header and page numbers. */
const RUNBOOK: PdfSpec = {
  pages: [
    [
      runningHeader,
      { text: "Release Runbook", size: 22, y: 720, bold: true },
      body(690, "This runbook explains how the team ships a"),
      body(676, "release and what to do when it goes wrong."),
      { text: "Deploying", size: 16, y: 640, bold: true },
      body(610, "Deploys run from the main branch every after-"),
      body(596, "noon once the tests pass."),
      body(570, "The on-call engineer watches the dashboards:"),
      body(550, "• Tag the release"),
      body(536, "• Announce it in the releases channel"),
      pageNumber(1),
    ],
    [
      runningHeader,
      { text: "Rolling back", size: 16, y: 720, bold: true },
      body(690, "Roll back with the previous tag; the deploy job"),
      body(676, "takes about four minutes."),
      { text: "Database migrations", size: 13, y: 640, bold: true },
      body(610, "Migrations are never rolled back automatically."),
      pageNumber(2),
    ],
    [runningHeader, body(720, "Restore the snapshot taken before the deploy instead."), pageNumber(3)],
  ],
};

const OUTLINED: PdfSpec = {
  ...RUNBOOK,
  title: "ACME Release Runbook",
  outline: [
    { title: "Deploying", page: 1, top: 660 },
    { title: "Rolling back", page: 2, top: 740, children: [{ title: "Database migrations", page: 2, top: 660 }] },
  ],
};

const headingsOf = (blocks: Block[]) => blocks.filter((block) => block.kind === "heading").map((block) => ({ depth: block.depth, text: block.text }));
const textsOf = (blocks: Block[], kind: "paragraph" | "label") => blocks.flatMap((block) => (block.kind === kind ? [block.text] : []));

describe("loadPdf of a PDF without an outline", () => {
  let document: SourceDocument;
  beforeAll(async () => {
    document = await loadPdf("guides/runbook.pdf", makePdf(RUNBOOK));
  });

  it("puts a page block before each page's text", () => {
    expect(document.blocks.filter((block) => block.kind === "page")).toEqual([1, 2, 3].map((page) => ({ kind: "page", page })));
    expect(document.blocks[0]).toEqual({ kind: "page", page: 1 });
  });

  it("takes headings from font sizes, the largest size as level 1", () => {
    expect(headingsOf(document.blocks)).toEqual([
      { depth: 1, text: "Release Runbook" },
      { depth: 2, text: "Deploying" },
      { depth: 2, text: "Rolling back" },
      { depth: 3, text: "Database migrations" },
    ]);
  });

  it("joins wrapped lines into one paragraph and parts paragraphs at a larger vertical gap", () => {
    expect(textsOf(document.blocks, "paragraph").slice(0, 3)).toEqual([
      "This runbook explains how the team ships a release and what to do when it goes wrong.",
      "Deploys run from the main branch every afternoon once the tests pass.",
      "The on-call engineer watches the dashboards:",
    ]);
  });

  it("rejoins a word hyphenated across two lines", () => {
    expect(textsOf(document.blocks, "paragraph")).toContain("Deploys run from the main branch every afternoon once the tests pass.");
  });

  it("reads bulleted lines as a list", () => {
    expect(document.blocks.find((block) => block.kind === "list")).toEqual({
      kind: "list",
      ordered: false,
      items: [
        { text: "Tag the release", depth: 0 },
        { text: "Announce it in the releases channel", depth: 0 },
      ],
    });
  });

  it("drops page numbers and the header repeated on every page", () => {
    const texts = document.blocks.flatMap((block) => ("text" in block ? [block.text] : []));
    expect(texts.filter((text) => /^\d+$|ACME internal/.test(text))).toEqual([]);
  });

  it("takes the title from the first heading when the PDF has no metadata title", () => {
    expect({ title: document.title, url: document.url, format: document.format, metadata: document.metadata }).toEqual({
      title: "Release Runbook",
      url: "guides/runbook.pdf",
      format: "pdf",
      metadata: { titleFromMetadata: false, urlFromMetadata: false },
    });
  });

  it("takes the title from the file name when there is no heading either", async () => {
    const plain = await loadPdf("team/on-call_notes.pdf", makePdf({ pages: [[body(700, "Nothing but body text here.")]] }));
    expect(plain.title).toBe("On call notes");
  });
});

describe("loadPdf of a PDF with an outline and a metadata title", () => {
  let document: SourceDocument;
  beforeAll(async () => {
    document = await loadPdf("runbook.pdf", makePdf(OUTLINED));
  });

  it("takes the title from the metadata", () => {
    expect({ title: document.title, fromMetadata: document.metadata.titleFromMetadata }).toEqual({ title: "ACME Release Runbook", fromMetadata: true });
  });

  it("takes the headings from the outline, nested as the outline nests them", () => {
    expect(headingsOf(document.blocks)).toEqual([
      { depth: 1, text: "Deploying" },
      { depth: 1, text: "Rolling back" },
      { depth: 2, text: "Database migrations" },
    ]);
  });

  it("keeps a large line the outline does not list as a label", () => {
    expect(textsOf(document.blocks, "label")).toEqual(["Release Runbook"]);
  });

  it("opens a section at the height an outline entry points to when its title is not in the text", async () => {
    const spec: PdfSpec = {
      outline: [{ title: "Checklist", page: 1, top: 650 }],
      pages: [[body(700, "Read this before every release."), body(620, "Check the dashboards first.")]],
    };
    const blocks = (await loadPdf("c.pdf", makePdf(spec))).blocks.filter((block) => block.kind !== "page");
    expect(blocks).toEqual([
      { kind: "paragraph", text: "Read this before every release." },
      { kind: "heading", depth: 1, text: "Checklist" },
      { kind: "paragraph", text: "Check the dashboards first." },
    ]);
  });

  it("ignores a placeholder metadata title such as a Word file name", async () => {
    const placeholder = await loadPdf("runbook.pdf", makePdf({ ...RUNBOOK, title: "Microsoft Word - runbook.docx" }));
    expect(placeholder.title).toBe("Release Runbook");
  });
});

/** A manual as TeX or Word would set it: a cover, a table of contents, numbered headings the outline lists unnumbered, code in Courier, a running chapter header. */
const MANUAL: PdfSpec = {
  outline: [{ title: "Installing", page: 2, top: 740 }],
  pages: [
    [{ text: "Deploy Tool Manual", size: 24, y: 720 }, body(690, "For version 2 of the deploy tool."), body(650, "1.1 Installing . . . . . . . . . . . . 2"), body(636, "1.2 Usage . . . . . . . . . . . . . . . 3")],
    [
      { text: "Chapter 1: Installing 2", size: 9, y: 770 },
      { text: "1.1 Installing", size: 16, y: 720 },
      { text: [{ text: "Run " }, { text: "deploy --init", mono: true }, { text: " once per machine:" }], size: 11, y: 690 },
      { text: "deploy --init \\", size: 11, y: 660, x: 90, mono: true },
      { text: "--region eu-west", size: 11, y: 646, x: 90 + 2 * 6.6, mono: true },
      body(616, "Then check the output."),
    ],
    [{ text: "Chapter 1: Installing 3", size: 9, y: 770 }, body(720, "Installing twice is harmless.")],
  ],
};

describe("loadPdf of a manual with a cover, contents, numbered headings and code", () => {
  let document: SourceDocument;
  beforeAll(async () => {
    document = await loadPdf("manual.pdf", makePdf(MANUAL));
  });

  it("takes the title from the cover's largest text when the PDF has no metadata title", () => {
    expect(document.title).toBe("Deploy Tool Manual");
  });

  it("finds an outline entry's heading even when the page prints it with its number", () => {
    expect(headingsOf(document.blocks)).toEqual([{ depth: 1, text: "1.1 Installing" }]);
  });

  it("keeps monospace words inside prose as inline code", () => {
    expect(textsOf(document.blocks, "paragraph")).toContain("Run `deploy --init` once per machine:");
  });

  it("reads monospace lines as a code block, keeping their indentation", () => {
    expect(document.blocks).toContainEqual({ kind: "code", text: "deploy --init \\\n  --region eu-west" });
  });

  it("drops the table of contents' dotted lines and a running header that carries the page number", () => {
    const texts = document.blocks.flatMap((block) => ("text" in block ? [block.text] : []));
    expect(texts.filter((text) => /\. \. \.|^Chapter 1/.test(text))).toEqual([]);
  });
});

describe("chunks of a PDF cite their page", () => {
  let document: SourceDocument;
  beforeAll(async () => {
    document = await loadPdf("guides/runbook.pdf", makePdf(RUNBOOK));
  });

  it("names the page at the end of the section path and links to it with #page=N", () => {
    expect(chunkByHeadings(document, 1_500).map(({ section, url, page }) => ({ section, url, page }))).toEqual([
      { section: "Release Runbook (p. 1)", url: "guides/runbook.pdf#page=1", page: 1 },
      { section: "Release Runbook › Deploying (p. 1)", url: "guides/runbook.pdf#page=1", page: 1 },
      { section: "Release Runbook › Rolling back (p. 2)", url: "guides/runbook.pdf#page=2", page: 2 },
      { section: "Release Runbook › Rolling back › Database migrations (p. 2)", url: "guides/runbook.pdf#page=2", page: 2 },
    ]);
  });

  it("cites the later page for the piece of a long section that starts there", () => {
    const pieces = chunkByHeadings(document, 60).filter((chunk) => chunk.section.includes("Database migrations"));
    expect(pieces.map(({ section, url }) => ({ section, url }))).toEqual([
      { section: "Release Runbook › Rolling back › Database migrations (p. 2)", url: "guides/runbook.pdf#page=2" },
      { section: "Release Runbook › Rolling back › Database migrations (p. 3)", url: "guides/runbook.pdf#page=3" },
    ]);
  });
});

describe("loadPdf of a file it cannot read", () => {
  it("rejects a password-protected PDF with document_unreadable, saying it is protected", async () => {
    const protectedPdf = makePdf({ pages: [[body(700, "Salaries for next year.")]], passwordProtected: true });
    await expect(loadPdf("salaries.pdf", protectedPdf)).rejects.toMatchObject({ code: ErrorCode.DocumentUnreadable, message: expect.stringMatching(/^password-protected PDF/) });
  });

  it("rejects a damaged PDF with document_unreadable, saying it is not readable", async () => {
    const damaged = new TextEncoder().encode("%PDF-1.4\n1 0 obj << /Type /Catalog");
    await expect(loadPdf("damaged.pdf", damaged)).rejects.toMatchObject({ code: ErrorCode.DocumentUnreadable, message: expect.stringMatching(/^not a readable PDF/) });
  });

  it("leaves the caller's bytes intact (they are hashed after loading)", async () => {
    const bytes = makePdf(RUNBOOK);
    const copy = bytes.slice();
    await loadPdf("runbook.pdf", bytes);
    expect(Buffer.from(bytes).equals(Buffer.from(copy))).toBe(true);
  });
});

describe("loadPdf offline", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("parses a PDF without opening a socket or fetching anything", async () => {
    const connect = vi.spyOn(net.Socket.prototype, "connect");
    const fetch = vi.spyOn(globalThis, "fetch");
    await loadPdf("runbook.pdf", makePdf(OUTLINED));
    expect({ connects: connect.mock.calls.length, fetches: fetch.mock.calls.length }).toEqual({ connects: 0, fetches: 0 });
  });
});
