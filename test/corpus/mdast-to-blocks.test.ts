import { describe, expect, it } from "vitest";
import { markdownToBlocks } from "../../src/corpus/load-markdown.js";

describe("markdownToBlocks headings", () => {
  it("reads ATX and setext headings with their depth", () => {
    expect(markdownToBlocks("# Guide\n\nIntro.\n\nSetup\n-----\n\nSteps.")).toEqual([
      { kind: "heading", depth: 1, text: "Guide" },
      { kind: "paragraph", text: "Intro." },
      { kind: "heading", depth: 2, text: "Setup" },
      { kind: "paragraph", text: "Steps." },
    ]);
  });

  it("reads a heading inside a blockquote as a label, not a section", () => {
    expect(markdownToBlocks("> ## Note\n>\n> Quoted text here.\n\n## Real\n\nBody.")).toEqual([
      { kind: "label", text: "Note" },
      { kind: "paragraph", text: "Quoted text here." },
      { kind: "heading", depth: 2, text: "Real" },
      { kind: "paragraph", text: "Body." },
    ]);
  });

  it("takes an explicit {#anchor} off the heading text", () => {
    expect(markdownToBlocks("## Getting Started {#start}\n\nRun it.")[0]).toEqual({ kind: "heading", depth: 2, text: "Getting Started", anchor: "start" });
  });

  it("drops the backticks of inline code in a heading", () => {
    expect(markdownToBlocks("## The `listen()` options\n\nText.")[0]).toEqual({ kind: "heading", depth: 2, text: "The listen() options" });
  });

  it("does not read a # comment inside fenced code as a heading", () => {
    const blocks = markdownToBlocks("# Setup\n\n```bash\n# install the deps\nnpm ci\n```\n");
    expect(blocks.filter((block) => block.kind === "heading")).toEqual([{ kind: "heading", depth: 1, text: "Setup" }]);
  });
});

describe("markdownToBlocks inline text", () => {
  it("reflows hard-wrapped paragraph lines into one line", () => {
    expect(markdownToBlocks("In order to make it simple, web\nframeworks add several layers\nof abstraction.")).toEqual([
      { kind: "paragraph", text: "In order to make it simple, web frameworks add several layers of abstraction." },
    ]);
  });

  it("keeps link text and drops images, emphasis and HTML tags", () => {
    const raw = "See **the [Django docs](https://docs.djangoproject.com)** and _this_ ![diagram](d.png) <span>note</span>.";
    expect(markdownToBlocks(raw)).toEqual([{ kind: "paragraph", text: "See the Django docs and this note." }]);
  });

  it("resolves reference-style links to their text", () => {
    const raw = "See [the docs][docs] and [Rails].\n\n[docs]: https://docs.example.com\n[Rails]: https://rubyonrails.org";
    expect(markdownToBlocks(raw)).toEqual([{ kind: "paragraph", text: "See the docs and Rails." }]);
  });

  it("keeps inline code in backticks", () => {
    expect(markdownToBlocks("Call `app.listen(3000)` once.")).toEqual([{ kind: "paragraph", text: "Call `app.listen(3000)` once." }]);
  });

  it("reads a paragraph that is only bold text as a label", () => {
    expect(markdownToBlocks("**Why Django?**")).toEqual([{ kind: "label", text: "Why Django?" }]);
  });

  it("reads a paragraph that only starts in bold as a paragraph", () => {
    expect(markdownToBlocks("**Django** scales well.")).toEqual([{ kind: "paragraph", text: "Django scales well." }]);
  });

  it("reads a GitHub admonition as “Note:”", () => {
    expect(markdownToBlocks("> [!NOTE]\n> Keep it simple.")).toEqual([{ kind: "paragraph", text: "Note: Keep it simple." }]);
  });
});

describe("markdownToBlocks lists", () => {
  it("keeps nested items with their depth", () => {
    expect(markdownToBlocks("- Cache\n  - Redis\n    - Sentinel\n- Queue")).toEqual([
      {
        kind: "list",
        ordered: false,
        items: [
          { text: "Cache", depth: 0 },
          { text: "Redis", depth: 1 },
          { text: "Sentinel", depth: 2 },
          { text: "Queue", depth: 0 },
        ],
      },
    ]);
  });

  it("marks a numbered list as ordered", () => {
    expect(markdownToBlocks("1. Install\n2. Run")).toEqual([{ kind: "list", ordered: true, items: [{ text: "Install", depth: 0 }, { text: "Run", depth: 0 }] }]);
  });

  it("keeps items that are only a link, as their text", () => {
    const raw = "- [Instagram][ig]\n- [Pinterest](https://pinterest.com)\n\n[ig]: https://instagram.com";
    expect(markdownToBlocks(raw)).toEqual([{ kind: "list", ordered: false, items: [{ text: "Instagram", depth: 0 }, { text: "Pinterest", depth: 0 }] }]);
  });

  it("drops an item that is only an image", () => {
    expect(markdownToBlocks("- Django\n- ![logo](logo.png)")).toEqual([{ kind: "list", ordered: false, items: [{ text: "Django", depth: 0 }] }]);
  });

  it("puts a code block written inside an item right after the list", () => {
    expect(markdownToBlocks("- Install it:\n\n  ```bash\n  npm ci\n  ```\n- Run it")).toEqual([
      { kind: "list", ordered: false, items: [{ text: "Install it:", depth: 0 }, { text: "Run it", depth: 0 }] },
      { kind: "code", lang: "bash", text: "npm ci" },
    ]);
  });
});

describe("markdownToBlocks tables and code", () => {
  it("keeps a table's header apart from its rows", () => {
    expect(markdownToBlocks("| Company | Users |\n| --- | --- |\n| Discord | 150M |\n| Uber | 2M |")).toEqual([
      { kind: "table", header: ["Company", "Users"], rows: [["Discord", "150M"], ["Uber", "2M"]] },
    ]);
  });

  it("reads a raw HTML table in Markdown as a table", () => {
    expect(markdownToBlocks("<table><tr><th>Company</th><th>Users</th></tr><tr><td>Discord</td><td>150M</td></tr></table>")).toEqual([
      { kind: "table", header: ["Company", "Users"], rows: [["Discord", "150M"]] },
    ]);
  });

  it("keeps fenced code verbatim with its language", () => {
    expect(markdownToBlocks("```python\nif ready:\n    serve()  # now. Then\n```")).toEqual([{ kind: "code", lang: "python", text: "if ready:\n    serve()  # now. Then" }]);
  });

  it("keeps indented code as code", () => {
    expect(markdownToBlocks("Run:\n\n    npm ci\n")).toEqual([{ kind: "paragraph", text: "Run:" }, { kind: "code", text: "npm ci" }]);
  });

  it("drops an empty code block", () => {
    expect(markdownToBlocks("```\n\n```\n\nText.")).toEqual([{ kind: "paragraph", text: "Text." }]);
  });
});

describe("markdownToBlocks references", () => {
  it("drops a paragraph that is only a link, a further-reading reference rather than prose", () => {
    expect(markdownToBlocks("Busy sites need custom systems.\n\n[Chartbeat Engineering Blog](http://blog.example.com/)")).toEqual([{ kind: "paragraph", text: "Busy sites need custom systems." }]);
  });

  it("keeps a list item that is only a link: it names a tool", () => {
    expect(markdownToBlocks("Tools:\n\n- [Django Debug Toolbar](https://example.com/ddt)")).toEqual([
      { kind: "paragraph", text: "Tools:" },
      { kind: "list", ordered: false, items: [{ text: "Django Debug Toolbar", depth: 0 }] },
    ]);
  });
});
