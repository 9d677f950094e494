import { Document, HeadingLevel, Packer, Paragraph } from "docx";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/engine/answer.js";
import { engineOptions } from "../../src/app.js";
import { createEngine } from "../../src/engine/engine.js";
import { UseLiteEmbeddings } from "../../src/index/embedder.js";
import { ingest, type IngestSummary } from "../../src/index/ingest.js";
import { openIndex, type LoadedIndex } from "../../src/index/store.js";
import { silentLogger } from "../../src/logger.js";
import { makePdf, type PdfLine } from "../helpers/make-pdf.js";
import { DEFAULTS, REAL_INDEX_TIMEOUT_MS } from "../helpers/real-corpus.js";
import { makeTempDir, writeFiles } from "../helpers/temp-dir.js";

const body = (y: number, text: string): PdfLine => ({ text, size: 11, y });

const RUNBOOK_PDF = makePdf({
  title: "Release Runbook",
  outline: [
    { title: "Deploying", page: 1, top: 700 },
    { title: "Rolling back", page: 2, top: 740 },
  ],
  pages: [
    [
      { text: "Deploying", size: 16, y: 690 },
      body(660, "Deploys run from the main branch every afternoon once the"),
      body(646, "continuous integration checks pass on the release candidate."),
    ],
    [
      { text: "Rolling back", size: 16, y: 730 },
      body(700, "To roll back a failed release, redeploy the previous release tag."),
      body(686, "A rollback takes about four minutes and needs no database change."),
    ],
  ],
});

function onboardingDocx(): Promise<Buffer> {
  return Packer.toBuffer(
    new Document({
      title: "Onboarding Handbook",
      sections: [
        {
          children: [
            new Paragraph({ text: "Laptops", heading: HeadingLevel.HEADING_1 }),
            new Paragraph("New starters collect their laptop from the IT desk on the second floor on their first morning."),
            new Paragraph({ text: "Expenses", heading: HeadingLevel.HEADING_1 }),
            new Paragraph("Travel expenses are claimed through the finance portal within thirty days of the trip."),
          ],
        },
      ],
    }),
  );
}

describe("ingest of a corpus of a PDF and a Word file, with the real embedder", () => {
  let summary: IngestSummary;
  let index: LoadedIndex;
  let engine: Engine;
  const removers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    const corpus = await makeTempDir("ingest-formats-corpus");
    const indexDir = await makeTempDir("ingest-formats-index");
    removers.push(corpus.remove, indexDir.remove);
    await writeFiles(corpus.path, { "ops/runbook.pdf": RUNBOOK_PDF, "onboarding.docx": await onboardingDocx() });
    const embeddings = new UseLiteEmbeddings();
    summary = await ingest({ corpusDir: corpus.path, indexDir: indexDir.path, maxFileBytes: DEFAULTS.MAX_FILE_BYTES, chunkMaxChars: DEFAULTS.CHUNK_MAX_CHARS, embeddings, logger: silentLogger() });
    index = await openIndex(indexDir.path, embeddings, { efSearch: DEFAULTS.HNSW_EF_SEARCH });
    engine = createEngine({ index, embeddings }, engineOptions(DEFAULTS));
  }, REAL_INDEX_TIMEOUT_MS);

  afterAll(() => Promise.all(removers.map((remove) => remove())));

  it("indexes both files and skips none", () => {
    expect({ documents: summary.documents, skipped: summary.skipped }).toEqual({ documents: 2, skipped: [] });
  });

  it("records each file's title from its metadata", () => {
    expect(index.manifest.documents.map(({ source, title, url }) => ({ source, title, url }))).toEqual([
      { source: "onboarding.docx", title: "Onboarding Handbook", url: "onboarding.docx" },
      { source: "ops/runbook.pdf", title: "Release Runbook", url: "ops/runbook.pdf" },
    ]);
  });

  it("gives the PDF's chunks a section path with the page and a #page=N link", () => {
    expect(index.chunks.filter((chunk) => chunk.source === "ops/runbook.pdf").map(({ section, url, page }) => ({ section, url, page }))).toEqual([
      { section: "Release Runbook › Deploying (p. 1)", url: "ops/runbook.pdf#page=1", page: 1 },
      { section: "Release Runbook › Rolling back (p. 2)", url: "ops/runbook.pdf#page=2", page: 2 },
    ]);
  });

  it("gives the Word file's chunks their heading path and the file's link", () => {
    expect(index.chunks.filter((chunk) => chunk.source === "onboarding.docx").map(({ section, url }) => ({ section, url }))).toEqual([
      { section: "Onboarding Handbook › Laptops", url: "onboarding.docx" },
      { section: "Onboarding Handbook › Expenses", url: "onboarding.docx" },
    ]);
  });

  it("answers from the PDF, citing the page", async () => {
    const answer = await engine.answer("How long does a rollback take?");
    expect(answer.citations[0]).toMatchObject({ section: "Release Runbook › Rolling back (p. 2)", url: expect.stringMatching(/ops\/runbook\.pdf#page=2$/) });
  });

  it("answers from the Word file, citing its section", async () => {
    const answer = await engine.answer("Where do new starters get their laptop?");
    expect(answer.citations[0]).toMatchObject({ section: "Onboarding Handbook › Laptops", url: expect.stringMatching(/onboarding\.docx$/) });
  });
});
