import { Document, FootnoteReferenceRun, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from "docx";
import { beforeAll, describe, expect, it } from "vitest";
import { chunkByHeadings } from "../../src/corpus/chunk.js";
import type { Block, SourceDocument } from "../../src/corpus/document.js";
import { loadDocx } from "../../src/corpus/load-docx.js";
import { ErrorCode } from "../../src/errors.js";

// A 1×1 PNG: a picture in the document, which must not end up in its text.
const PIXEL = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] });

/** The way Word writes a document: a Title paragraph, Heading 1/2 styles, Word numbering for lists, a table. */
function onboardingDocx(options: { title?: string; withTitleParagraph?: boolean } = {}): Promise<Buffer> {
  const document = new Document({
    ...(options.title !== undefined ? { title: options.title } : {}),
    numbering: { config: [{ reference: "steps", levels: [{ level: 0, format: "decimal", text: "%1.", alignment: "left" }] }] },
    sections: [
      {
        children: [
          ...(options.withTitleParagraph === false ? [] : [new Paragraph({ text: "Team Onboarding", heading: HeadingLevel.TITLE })]),
          new Paragraph({ children: [new TextRun("Welcome to the team. "), new TextRun({ text: "Read this first.", bold: true })] }),
          new Paragraph({ text: "First week", heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ children: [new ImageRun({ type: "png", data: PIXEL, transformation: { width: 10, height: 10 } })] }),
          new Paragraph({ text: "Accounts", heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: "Get a laptop from IT", bullet: { level: 0 } }),
          new Paragraph({ text: "Ask for the admin password", bullet: { level: 1 } }),
          new Paragraph({ text: "Meet your buddy", bullet: { level: 0 } }),
          new Paragraph({ text: "Setup", heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: "Clone the repository", numbering: { reference: "steps", level: 0 } }),
          new Paragraph({ text: "Run the tests", numbering: { reference: "steps", level: 0 } }),
          new Paragraph({ text: "Tools", heading: HeadingLevel.HEADING_1 }),
          new Table({
            rows: [
              new TableRow({ tableHeader: true, children: [cell("Tool"), cell("Owner")] }),
              new TableRow({ children: [cell("Slack"), cell("IT desk")] }),
              new TableRow({ children: [cell("GitHub"), cell("Platform team")] }),
            ],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

const headingsOf = (blocks: Block[]) => blocks.filter((block) => block.kind === "heading").map((block) => ({ depth: block.depth, text: block.text }));

describe("loadDocx of a Word document", () => {
  let document: SourceDocument;
  beforeAll(async () => {
    document = await loadDocx("handbook/onboarding.docx", await onboardingDocx({ title: "Onboarding Handbook" }));
  });

  it("keeps Word's Title and Heading styles as headings, at their levels", () => {
    expect(headingsOf(document.blocks)).toEqual([
      { depth: 1, text: "Team Onboarding" },
      { depth: 1, text: "First week" },
      { depth: 2, text: "Accounts" },
      { depth: 2, text: "Setup" },
      { depth: 1, text: "Tools" },
    ]);
  });

  it("keeps a paragraph's bold run as plain text in it", () => {
    expect(document.blocks).toContainEqual({ kind: "paragraph", text: "Welcome to the team. Read this first." });
  });

  it("reads a bulleted list with its nesting", () => {
    expect(document.blocks).toContainEqual({
      kind: "list",
      ordered: false,
      items: [
        { text: "Get a laptop from IT", depth: 0 },
        { text: "Ask for the admin password", depth: 1 },
        { text: "Meet your buddy", depth: 0 },
      ],
    });
  });

  it("reads a numbered list as an ordered list", () => {
    expect(document.blocks).toContainEqual({ kind: "list", ordered: true, items: [{ text: "Clone the repository", depth: 0 }, { text: "Run the tests", depth: 0 }] });
  });

  it("reads a table with its header row", () => {
    expect(document.blocks).toContainEqual({ kind: "table", header: ["Tool", "Owner"], rows: [["Slack", "IT desk"], ["GitHub", "Platform team"]] });
  });

  it("leaves pictures out of the text", () => {
    expect(JSON.stringify(document.blocks)).not.toMatch(/data:|image/);
  });

  it("takes the title from the document's core properties", () => {
    expect({ title: document.title, format: document.format, url: document.url, metadata: document.metadata }).toEqual({
      title: "Onboarding Handbook",
      format: "docx",
      url: "handbook/onboarding.docx",
      metadata: { titleFromMetadata: true, urlFromMetadata: false },
    });
  });

  it("names each chunk by its heading path and links it to the file", () => {
    expect(chunkByHeadings(document, 1_500).map(({ section, url }) => ({ section, url }))).toEqual([
      { section: "Onboarding Handbook › Team Onboarding", url: "handbook/onboarding.docx" },
      { section: "Onboarding Handbook › First week › Accounts", url: "handbook/onboarding.docx" },
      { section: "Onboarding Handbook › First week › Setup", url: "handbook/onboarding.docx" },
      { section: "Onboarding Handbook › Tools", url: "handbook/onboarding.docx" },
    ]);
  });
});

describe("loadDocx of a document with footnotes", () => {
  it("keeps the footnotes as a numbered list, without their back-links", async () => {
    const withNotes = await Packer.toBuffer(
      new Document({
        footnotes: { 1: { children: [new Paragraph("Measured on the staging cluster.")] } },
        sections: [{ children: [new Paragraph({ children: [new TextRun("Deploys take four minutes."), new FootnoteReferenceRun(1)] })] }],
      }),
    );
    const { blocks } = await loadDocx("notes.docx", withNotes);
    expect(blocks.at(-1)).toEqual({ kind: "list", ordered: true, items: [{ text: "Measured on the staging cluster.", depth: 0 }] });
  });
});

describe("loadDocx titles without core properties", () => {
  it("takes the title from the first heading", async () => {
    expect((await loadDocx("onboarding.docx", await onboardingDocx())).title).toBe("Team Onboarding");
  });

  it("takes the title from the file name when there is no heading either", async () => {
    const bare = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph("Only a paragraph.")] }] }));
    expect((await loadDocx("notes/team_notes.docx", bare)).title).toBe("Team notes");
  });
});

describe("loadDocx of a file it cannot read", () => {
  it("rejects a file that is not a .docx with document_unreadable", async () => {
    await expect(loadDocx("broken.docx", new TextEncoder().encode("not a zip archive"))).rejects.toMatchObject({
      code: ErrorCode.DocumentUnreadable,
      message: expect.stringMatching(/^not a readable Word \.docx file \(/),
    });
  });

  it("rejects a password-protected document (an OLE file, not a zip), saying so", async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    await expect(loadDocx("secret.docx", ole)).rejects.toMatchObject({ code: ErrorCode.DocumentUnreadable, message: expect.stringMatching(/^password-protected/) });
  });
});
