import { describe, expect, it } from "vitest";
import type { Block } from "../../src/corpus/document.js";
import { loadMarkdown } from "../../src/corpus/load-markdown.js";
import { readCorpusFile } from "../helpers/real-corpus.js";

const textsOf = (blocks: Block[]) => blocks.map((block) => ("text" in block ? block.text : block.kind));

describe("loadMarkdown with YAML front matter", () => {
  const withFrontMatter = ["---", "title: When Not to Use a Web Framework", "postUrl: /posts/when-not-to-use-a-web-framework/", "---", "", "# Another Heading", "", "All rules have exceptions.", ""].join("\n");

  it("takes the title from the front matter rather than the first heading", () => {
    expect(loadMarkdown("a.md", withFrontMatter).title).toBe("When Not to Use a Web Framework");
  });

  it("takes the url from postUrl", () => {
    expect(loadMarkdown("a.md", withFrontMatter).url).toBe("/posts/when-not-to-use-a-web-framework/");
  });

  it("takes the url from permalink", () => {
    const raw = ["---", "title: Scaling", "permalink: /@marcus/scaling/", "---", "Body text here."].join("\n");
    expect(loadMarkdown("a.md", raw).url).toBe("/@marcus/scaling/");
  });

  it("joins a title written over several lines into one line", () => {
    const raw = ["---", "title: '  Scaling", "  Django '", "---", "Body text here."].join("\n");
    expect(loadMarkdown("a.md", raw).title).toBe("Scaling Django");
  });

  it("marks title and url as coming from metadata", () => {
    expect(loadMarkdown("a.md", withFrontMatter).metadata).toEqual({ titleFromMetadata: true, urlFromMetadata: true });
  });

  it("leaves the front matter out of the blocks", () => {
    expect(textsOf(loadMarkdown("a.md", withFrontMatter).blocks)).toEqual(["Another Heading", "All rules have exceptions."]);
  });

  it("reads the real corpus post's title and link", async () => {
    const document = loadMarkdown("how-scalable-is-django.md", await readCorpusFile("how-scalable-is-django.md"));
    expect({ title: document.title, url: document.url }).toEqual({
      title: "How Scalable are Websites Built in Django Framework?",
      url: "/@marcus/how-scalable-are-websites-built-in-django-framework/",
    });
  });

  it("keeps the body when the front matter is malformed", () => {
    const document = loadMarkdown("broken.md", ["---", "title: [unclosed", "---", "The body survives."].join("\n"));
    expect(textsOf(document.blocks)).toEqual(["The body survives."]);
  });
});

describe("loadMarkdown without front matter", () => {
  it("uses the first H1 as the title", () => {
    expect(loadMarkdown("notes/case-studies.md", "# Backend Framework Case Studies\n\n## Overview\n\nReal-world lessons.\n").title).toBe("Backend Framework Case Studies");
  });

  it("uses the first heading as the title when the document starts at H2", () => {
    expect(loadMarkdown("notes/runbook.md", "Intro words.\n\n## Deploying\n\nRun it.\n\n## Rolling Back\n\nUndo it.\n").title).toBe("Deploying");
  });

  it("uses the source path as the url", () => {
    expect(loadMarkdown("notes/case-studies.md", "# Case Studies\n\nText.\n").url).toBe("notes/case-studies.md");
  });

  it("derives the title from the file name when there is no heading", () => {
    expect(loadMarkdown("2019-02-11-deploy-checklist.md", "Just a paragraph.\n").title).toBe("Deploy checklist");
  });

  it("marks title and url as derived", () => {
    expect(loadMarkdown("a.md", "# Heading\n\nText.\n").metadata).toEqual({ titleFromMetadata: false, urlFromMetadata: false });
  });

  it("drops the import and export lines of an MDX file", () => {
    const document = loadMarkdown("guide.mdx", "import Tabs from '@theme/Tabs';\nexport const meta = {};\n\n# Guide\n\nBody text.\n");
    expect(textsOf(document.blocks)).toEqual(["Guide", "Body text."]);
  });
});

describe("loadMarkdown text cleaning", () => {
  it("repairs UTF-8 mojibake in the real corpus (Î¼s → μs)", async () => {
    const document = loadMarkdown("lightning-fast-backends.md", await readCorpusFile("lightning-fast-backends.md"));
    expect(textsOf(document.blocks).some((text) => text.includes("they're measures in μs."))).toBe(true);
  });

  it("has no mojibake left in the real corpus post", async () => {
    const document = loadMarkdown("lightning-fast-backends.md", await readCorpusFile("lightning-fast-backends.md"));
    expect(textsOf(document.blocks).filter((text) => /Î|â€/.test(text))).toEqual([]);
  });

  it("decodes HTML entities once", () => {
    expect(textsOf(loadMarkdown("a.md", "Rails &amp; Django&#8217;s ORM &mdash; fast. Write &amp;lt; in HTML.\n").blocks)).toEqual(["Rails & Django’s ORM — fast. Write &lt; in HTML."]);
  });

  it("keeps escaped angle brackets as text", () => {
    expect(textsOf(loadMarkdown("a.md", "Use List&lt;String&gt; for names.\n").blocks)).toEqual(["Use List<String> for names."]);
  });

  it("drops HTML comments", () => {
    expect(textsOf(loadMarkdown("a.md", "Visible.<!-- hidden draft note -->\n").blocks)).toEqual(["Visible."]);
  });
});
