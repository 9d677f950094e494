import { Document, HeadingLevel, Packer, Paragraph } from "docx";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCorpus, type LoadedCorpus } from "../../src/corpus/load-corpus.js";
import { makePdf } from "../helpers/make-pdf.js";
import { makeTempDir, writeFiles } from "../helpers/temp-dir.js";

const MAX_FILE_BYTES = 2_000;

describe("loadCorpus on a folder with bad files mixed in", () => {
  let corpus: LoadedCorpus;
  let remove: () => Promise<void>;

  beforeAll(async () => {
    const dir = await makeTempDir("load-corpus");
    remove = dir.remove;
    await writeFiles(dir.path, {
      "good.md": "# Good\n\nDjango scales horizontally.\n",
      "guides/nested.html": "<h2 id='a'>Nested</h2><p>Found in a sub-folder.</p>",
      "notes.txt": "Notes\n\nPlain text works too.\n",
      "legacy.txt": Buffer.from([0x49, 0x74, 0x92, 0x73, 0x20, 0x6f, 0x6b, 0x2e]), // "It’s ok." in Windows-1252
      "empty.md": "",
      "blank.md": "  \n\n\t\n",
      "binary.md": Buffer.from([0x23, 0x20, 0x48, 0x00, 0x01, 0x02, 0x69]),
      "huge.md": `# Huge\n\n${"word ".repeat(MAX_FILE_BYTES)}`,
      "diagram.png": Buffer.from([0x89, 0x50, 0x4e, 0x47]),
      "only-comment.md": "<!-- nothing to read -->\n",
      ".hidden.md": "# Hidden\n\nEditors leave these around.\n",
    });
    corpus = await loadCorpus(dir.path, { maxFileBytes: MAX_FILE_BYTES });
  });

  afterAll(() => remove());

  const reasonFor = (source: string) => corpus.skipped.find((skipped) => skipped.source === source)?.reason;

  it("loads every readable file, including ones in sub-folders", () => {
    expect(corpus.documents.map((document) => document.source).sort()).toEqual(["good.md", "guides/nested.html", "legacy.txt", "notes.txt"]);
  });

  it("skips an empty file, saying it is empty", () => {
    expect(reasonFor("empty.md")).toBe("empty file");
  });

  it("skips a whitespace-only file, saying so", () => {
    expect(reasonFor("blank.md")).toBe("only whitespace");
  });

  it("skips a file with NUL bytes as binary", () => {
    expect(reasonFor("binary.md")).toBe("binary content (NUL bytes)");
  });

  it("skips an oversized file, naming its size and the MAX_FILE_BYTES limit", () => {
    expect(reasonFor("huge.md")).toMatch(/^too large \(\d+ bytes; MAX_FILE_BYTES is 2000\)$/);
  });

  it("skips an unsupported file type, listing the supported ones", () => {
    expect(reasonFor("diagram.png")).toMatch(/^unsupported file type \(supported: .*\.md.*\.html.*\.txt.*\)$/);
  });

  it("skips a file with no text after cleaning", () => {
    expect(reasonFor("only-comment.md")).toBe("no text after cleaning");
  });

  it("ignores hidden files", () => {
    expect([...corpus.documents.map((d) => d.source), ...corpus.skipped.map((s) => s.source)]).not.toContain(".hidden.md");
  });

  it("reads legacy Windows-1252 text, smart quotes included", () => {
    expect(corpus.documents.find((document) => document.source === "legacy.txt")?.blocks).toEqual([{ kind: "paragraph", text: "It’s ok." }]);
  });

  it("keeps each loaded file's raw text for hashing", () => {
    expect(corpus.raw.get("good.md")).toBe("# Good\n\nDjango scales horizontally.\n");
  });

  it("keeps no raw text for skipped files", () => {
    expect(corpus.skipped.filter((skipped) => corpus.raw.has(skipped.source))).toEqual([]);
  });
});

describe("loadCorpus with PDF and Word files", () => {
  const LIMIT = 30_000;
  const report = makePdf({ pages: [[{ text: "Quarterly report", size: 18, y: 700 }, { text: "Revenue grew in every region.", size: 11, y: 670 }]] });
  let corpus: LoadedCorpus;
  let remove: () => Promise<void>;

  beforeAll(async () => {
    const dir = await makeTempDir("load-corpus-binary");
    remove = dir.remove;
    const onboarding = await Packer.toBuffer(
      new Document({ sections: [{ children: [new Paragraph({ text: "Onboarding", heading: HeadingLevel.HEADING_1 }), new Paragraph("Ask IT for a laptop.")] }] }),
    );
    const manyLines = Array.from({ length: 600 }, (_, i) => ({ text: `Line ${i} of a very long appendix that nobody reads.`, size: 11, y: 750 - (i % 60) * 12 }));
    await writeFiles(dir.path, {
      "report.pdf": report,
      "onboarding.docx": onboarding,
      "damaged.pdf": "%PDF-1.4\n1 0 obj << /Type /Catalog",
      "locked.pdf": makePdf({ pages: [[{ text: "Salaries.", size: 11, y: 700 }]], passwordProtected: true }),
      "scanned.pdf": makePdf({ pages: [[], []] }),
      "broken.docx": "PK but not really a zip",
      "huge.pdf": makePdf({ pages: [manyLines] }),
    });
    corpus = await loadCorpus(dir.path, { maxFileBytes: LIMIT });
  });

  afterAll(() => remove());

  const reasonFor = (source: string) => corpus.skipped.find((skipped) => skipped.source === source)?.reason;

  it("loads a PDF and a Word file, each with its format", () => {
    expect(corpus.documents.map(({ source, format, title }) => ({ source, format, title }))).toEqual([
      { source: "onboarding.docx", format: "docx", title: "Onboarding" },
      { source: "report.pdf", format: "pdf", title: "Quarterly report" },
    ]);
  });

  it("keeps a binary file's bytes for hashing", () => {
    expect(Buffer.from(corpus.raw.get("report.pdf") as Uint8Array).equals(Buffer.from(report))).toBe(true);
  });

  it("skips a damaged PDF, saying it could not be parsed", () => {
    expect(reasonFor("damaged.pdf")).toBe("could not be parsed: not a readable PDF (Invalid PDF structure)");
  });

  it("skips a password-protected PDF, saying so", () => {
    expect(reasonFor("locked.pdf")).toMatch(/^could not be parsed: password-protected PDF/);
  });

  it("skips a PDF without a text layer, pointing to OCR", () => {
    expect(reasonFor("scanned.pdf")).toBe("no text (a scanned PDF needs OCR first)");
  });

  it("skips a damaged Word file, saying it could not be parsed", () => {
    expect(reasonFor("broken.docx")).toMatch(/^could not be parsed: not a readable Word \.docx file \(/);
  });

  it("skips a PDF over MAX_FILE_BYTES, naming its size", () => {
    expect(reasonFor("huge.pdf")).toMatch(/^too large \(\d+ bytes; MAX_FILE_BYTES is 30000\)$/);
  });

  it("lists .pdf and .docx among the supported types", async () => {
    const dir = await makeTempDir("load-corpus-types");
    await writeFiles(dir.path, { "slides.pptx": "not supported" });
    const { skipped } = await loadCorpus(dir.path, { maxFileBytes: LIMIT });
    await dir.remove();
    expect(skipped[0]?.reason).toMatch(/^unsupported file type \(supported: .*\.pdf, \.docx\)$/);
  });
});
