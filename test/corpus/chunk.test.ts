import { beforeAll, describe, expect, it } from "vitest";
import { chunkByHeadings } from "../../src/corpus/chunk.js";
import type { Chunk, SourceDocument } from "../../src/corpus/document.js";
import { loadCorpus } from "../../src/corpus/load-corpus.js";
import { markdownToBlocks } from "../../src/corpus/load-markdown.js";
import { CORPUS_DIR, DEFAULTS } from "../helpers/real-corpus.js";

let corpus: SourceDocument[];
const byName = (source: string): SourceDocument => {
  const document = corpus.find((candidate) => candidate.source === source);
  if (!document) throw new Error(`${source} missing from the corpus`);
  return document;
};
const sectionEndingWith = (chunks: Chunk[], heading: string) => chunks.find((chunk) => chunk.section.endsWith(` › ${heading}`));
const realChunks = (source: string) => chunkByHeadings(byName(source), DEFAULTS.CHUNK_MAX_CHARS);

beforeAll(async () => {
  corpus = (await loadCorpus(CORPUS_DIR, { maxFileBytes: DEFAULTS.MAX_FILE_BYTES })).documents;
});

describe("chunkByHeadings heading paths", () => {
  it("names a chunk by its title and heading path (Title › H2 › H3)", () => {
    expect(sectionEndingWith(realChunks("when-not-to-use-a-web-framework.md"), "Online Games")?.section).toBe("When Not to Use a Web Framework › Low-latency and/or high-throughput › Online Games");
  });

  it("drops a sibling H3 from the path when the next H3 starts", () => {
    expect(sectionEndingWith(realChunks("when-not-to-use-a-web-framework.md"), "Messaging Platforms")?.section).toBe("When Not to Use a Web Framework › Low-latency and/or high-throughput › Messaging Platforms");
  });

  it("files the text before the first heading under the title alone", () => {
    const [first] = realChunks("when-not-to-use-a-web-framework.md");
    expect({ section: first?.section, opening: first?.units[0]?.text }).toEqual({ section: "When Not to Use a Web Framework", opening: "All rules have exceptions." });
  });

  it("does not repeat an H1 that is the title", () => {
    expect(realChunks("backend-framework-case-studies.md")[0]?.section).toBe("Backend Framework Case Studies › Overview");
  });

  it("skips a section with no words", () => {
    expect(chunkByHeadings(doc("# Guide\n\n## Empty\n\n---\n\n## Full\n\nSome words here."), 500).map((chunk) => chunk.section)).toEqual(["Guide › Full"]);
  });

  it("does not start a section at a heading quoted in a blockquote", () => {
    expect(chunkByHeadings(doc("## Setup\n\nInstall it.\n\n> ## Note\n> Be careful.\n\nThen run it."), 500).map((chunk) => chunk.section)).toEqual(["Guide › Setup"]);
  });
});

describe("chunkByHeadings anchors", () => {
  it("links a Markdown H3 to its slug anchor on the post url", () => {
    expect(sectionEndingWith(realChunks("when-not-to-use-a-web-framework.md"), "Web/IoT Analytics Collection")?.url).toBe("/posts/when-not-to-use-a-web-framework/#webiot-analytics-collection");
  });

  it("slugs a heading as GitHub does (“Challenges & Solutions” → #challenges--solutions)", () => {
    expect(realChunks("backend-framework-case-studies.md").map((chunk) => chunk.url)).toContain("backend-framework-case-studies.md#challenges--solutions");
  });

  it("gives repeated headings distinct anchors, numbered as GitHub does", () => {
    const urls = realChunks("backend-framework-case-studies.md")
      .filter((chunk) => chunk.section.endsWith(" › Key Lessons"))
      .map((chunk) => chunk.url);
    expect(urls.slice(0, 3)).toEqual(["backend-framework-case-studies.md#key-lessons", "backend-framework-case-studies.md#key-lessons-1", "backend-framework-case-studies.md#key-lessons-2"]);
  });

  it("numbers a repeated heading's anchor across different parents", () => {
    const chunks = chunkByHeadings(doc("## Django\n\n### Setup\n\nInstall Django.\n\n## Rails\n\n### Setup\n\nInstall Rails."), 500);
    expect(chunks.map((chunk) => `${chunk.section} ${chunk.url}`)).toEqual([
      "Guide › Django › Setup https://docs.example.com/guide#setup",
      "Guide › Rails › Setup https://docs.example.com/guide#setup-1",
    ]);
  });

  // Markdown anchors follow GitHub's rules (github-slugger): punctuation goes, each space becomes a hyphen.
  it("slugs a heading with quotes and an ampersand as GitHub does", () => {
    expect(sectionEndingWith(realChunks("when-not-to-use-a-web-framework.md"), '"Big Data Analytics" & "Machine Learning"')?.url).toBe("/posts/when-not-to-use-a-web-framework/#big-data-analytics--machine-learning");
  });

  it("uses an HTML heading's id as the anchor", () => {
    expect(realChunks("when-not-to-use-a-web-framework.html").map((chunk) => chunk.url)).toContain("when-not-to-use-a-web-framework.html#big-data-analytics-machine-learning");
  });

  it("prefers an explicit {#anchor} over the slug", () => {
    expect(chunkByHeadings(doc("## Getting Started {#start}\n\nRun the installer first."), 500)[0]?.url).toBe("https://docs.example.com/guide#start");
  });

  it("keeps no {#anchor} marker in the section name", () => {
    expect(chunkByHeadings(doc("## Getting Started {#start}\n\nRun the installer first."), 500)[0]?.section).toBe("Guide › Getting Started");
  });

  it("replaces an anchor already on the document url", () => {
    expect(chunkByHeadings(doc("## Setup\n\nInstall it.", { url: "https://docs.example.com/guide#top" }), 500)[0]?.url).toBe("https://docs.example.com/guide#setup");
  });

  it("links the text before any heading to the document url itself", () => {
    expect(chunkByHeadings(doc("An introduction with words.\n\n## Setup\n\nInstall it."), 500)[0]?.url).toBe("https://docs.example.com/guide");
  });
});

describe("chunkByHeadings text", () => {
  it("renders lists as - lines, rows with their header and code fenced", () => {
    const [chunk] = chunkByHeadings(doc("## Setup\n\nSteps:\n\n- Install\n  - with flags\n\n| Tool | Version |\n| --- | --- |\n| Node | 20 |\n\n```bash\nnpm ci\n```"), 500);
    expect(chunk?.text).toBe("Steps:\n\n- Install\n  - with flags\n\n- Tool: Node; Version: 20\n\n```bash\nnpm ci\n```");
  });

  it("gives each chunk the quotable units of its own section only", () => {
    const chunks = chunkByHeadings(doc("## One\n\nFirst fact. Second fact.\n\n## Two\n\nThird fact."), 500);
    expect(chunks.map((chunk) => chunk.units.map((unit) => unit.text))).toEqual([["First fact.", "Second fact."], ["Third fact."]]);
  });
});

describe("chunkByHeadings on a long section", () => {
  const paragraphs = Array.from({ length: 30 }, (_, i) => `Paragraph ${i + 1} explains one more reason why Django scales: caching, queues and replicas.`);
  const long = () => doc(`## Scaling\n\n${paragraphs.join("\n\n")}`);

  it("splits it into pieces no longer than the maximum", () => {
    const chunks = chunkByHeadings(long(), 400);
    expect({ many: chunks.length > 1, longest: Math.max(...chunks.map((chunk) => chunk.text.length)) <= 400 }).toEqual({ many: true, longest: true });
  });

  it("gives every piece the section's heading path and anchor", () => {
    expect(new Set(chunkByHeadings(long(), 400).map((chunk) => `${chunk.section} ${chunk.url}`))).toEqual(new Set(["Guide › Scaling https://docs.example.com/guide#scaling"]));
  });

  it("loses no paragraph between pieces", () => {
    expect(chunkByHeadings(long(), 400).map((chunk) => chunk.text).join("\n\n")).toBe(paragraphs.join("\n\n"));
  });

  it("splits at paragraph boundaries", () => {
    expect(chunkByHeadings(long(), 400).every((chunk) => chunk.text.startsWith("Paragraph ") && chunk.text.endsWith("replicas."))).toBe(true);
  });

  it("keeps a single paragraph longer than the maximum whole", () => {
    const words = "word ".repeat(100).trim();
    expect(chunkByHeadings(doc(`## Long\n\n${words}`), 200).map((chunk) => chunk.text)).toEqual([words]);
  });

  it("never leaves a lead-in behind the list it introduces", () => {
    const intro = "An opening paragraph of background. ".repeat(2).trim();
    const chunks = chunkByHeadings(doc(`## Setup\n\n${intro}\n\n${intro}\n\nPick one of these options:\n\n- ${"first option ".repeat(3).trim()}\n- ${"second option ".repeat(3).trim()}`), 120);
    const withList = chunks.find((chunk) => chunk.units.some((unit) => unit.kind === "item"));
    expect({ pieces: chunks.length > 1, leadIn: withList?.units.map((unit) => unit.text) }).toEqual({ pieces: true, leadIn: expect.arrayContaining(["Pick one of these options:"]) });
  });

  it("counts the space between blocks towards the maximum", () => {
    const paragraph = `${"P".repeat(98)}.`;
    expect(Math.max(...chunkByHeadings(doc(`## Setup\n\n${paragraph}\n\n${paragraph}`), 199).map((chunk) => chunk.text.length))).toBeLessThanOrEqual(199);
  });

  it("cuts before a lead-in rather than overflow the maximum with its list", () => {
    const paragraph = `${"A".repeat(60)} words here.`;
    const markdown = `## Setup\n\n${paragraph}\n\n${paragraph}\n\nPick one of these options:\n\n- ${"x".repeat(40)}\n- ${"y".repeat(40)}`;
    expect(Math.max(...chunkByHeadings(doc(markdown), 180).map((chunk) => chunk.text.length))).toBeLessThanOrEqual(180);
  });
});

describe("chunkByHeadings ids", () => {
  it("gives the same chunk the same id on every run", () => {
    expect(realChunks("how-scalable-is-django.md").map((chunk) => chunk.id)).toEqual(realChunks("how-scalable-is-django.md").map((chunk) => chunk.id));
  });

  it("gives every chunk of the real corpus a distinct id", () => {
    const ids = corpus.flatMap((document) => chunkByHeadings(document, DEFAULTS.CHUNK_MAX_CHARS)).map((chunk) => chunk.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("changes a chunk's id when its text changes", () => {
    const [before] = chunkByHeadings(doc("## Setup\n\nInstall it."), 500);
    const [after] = chunkByHeadings(doc("## Setup\n\nInstall it twice."), 500);
    expect(after?.id).not.toBe(before?.id);
  });
});

function doc(markdown: string, overrides: Partial<SourceDocument> = {}): SourceDocument {
  return {
    source: "guide.md",
    format: "markdown",
    title: "Guide",
    url: "https://docs.example.com/guide",
    metadata: { titleFromMetadata: true, urlFromMetadata: true },
    blocks: markdownToBlocks(markdown),
    ...overrides,
  };
}
