import { describe, expect, it } from "vitest";
import type { Block } from "../../src/corpus/document.js";
import { loadHtml } from "../../src/corpus/load-html.js";
import { readCorpusFile } from "../helpers/real-corpus.js";

const textsOf = (blocks: Block[]) => blocks.map((block) => ("text" in block ? block.text : block.kind));

describe("loadHtml with a fragment", () => {
  const fragment = '<p>All rules have exceptions.</p>\n<h2 id="low-latency-andor-high-throughput">Low-latency and/or high-throughput</h2>\n<p>Think about it.</p><h3>Online Games</h3><p>Fast.</p>';

  it("keeps an <h2 id> as a heading whose anchor is the id", () => {
    expect(loadHtml("page.html", fragment).blocks[1]).toEqual({ kind: "heading", depth: 2, text: "Low-latency and/or high-throughput", anchor: "low-latency-andor-high-throughput" });
  });

  it("gives a heading without an id no anchor", () => {
    expect(loadHtml("page.html", fragment).blocks[3]).toEqual({ kind: "heading", depth: 3, text: "Online Games" });
  });

  it("keeps paragraphs as separate blocks", () => {
    expect(textsOf(loadHtml("page.html", fragment).blocks)).toEqual(["All rules have exceptions.", "Low-latency and/or high-throughput", "Think about it.", "Online Games", "Fast."]);
  });

  it("takes the first heading as the title when the page has no <title>", () => {
    expect(loadHtml("page.html", fragment).title).toBe("Low-latency and/or high-throughput");
  });

  it("marks a title taken from a heading as derived, as loadMarkdown does", () => {
    expect(loadHtml("page.html", fragment).metadata).toEqual({ titleFromMetadata: false, urlFromMetadata: false });
  });

  it("derives the title from the file name when the page has neither <title> nor heading", () => {
    const document = loadHtml("when-not-to-use-a-web-framework.html", "<p>Just words.</p>");
    expect({ title: document.title, metadata: document.metadata }).toEqual({ title: "When not to use a web framework", metadata: { titleFromMetadata: false, urlFromMetadata: false } });
  });

  it("uses the source path as the url", () => {
    expect(loadHtml("docs/page.html", fragment).url).toBe("docs/page.html");
  });

  it("keeps every section id of the real corpus page", async () => {
    const document = loadHtml("when-not-to-use-a-web-framework.html", await readCorpusFile("when-not-to-use-a-web-framework.html"));
    expect(document.blocks).toContainEqual({ kind: "heading", depth: 3, text: "Web/IoT Analytics Collection", anchor: "webiot-analytics-collection" });
  });
});

describe("loadHtml with a full page", () => {
  const page = `<html><head><title>Scaling &amp; Django</title><link rel="canonical" href="https://blog.example.com/scaling/"><style>p{}</style></head>
<body><nav>Home | About</nav><h1>Scaling</h1><p>Django
   scales      horizontally.</p><script>track()</script>
<ul><li>Cache<ul><li>Redis</li></ul></li><li>Queue</li></ul>
<table><thead><tr><th>Company</th><th>Users</th></tr></thead><tbody><tr><td>Discord</td><td>150M</td></tr></tbody></table>
<pre><code class="language-python">if ready:
    serve()</code></pre>
<aside>Related posts</aside><footer>© us</footer></body></html>`;
  const blocks = () => loadHtml("p.html", page).blocks;

  it("takes the title from <title>", () => {
    expect(loadHtml("p.html", page).title).toBe("Scaling & Django");
  });

  it("takes the url from the canonical link", () => {
    expect(loadHtml("p.html", page).url).toBe("https://blog.example.com/scaling/");
  });

  it("marks title and url as coming from metadata", () => {
    expect(loadHtml("p.html", page).metadata).toEqual({ titleFromMetadata: true, urlFromMetadata: true });
  });

  it("drops scripts, styles, navigation, asides and footers", () => {
    expect(JSON.stringify(blocks())).not.toMatch(/track|p\{\}|Home \| About|Related posts|© us/);
  });

  it("collapses source-formatting whitespace inside a paragraph", () => {
    expect(blocks()).toContainEqual({ kind: "paragraph", text: "Django scales horizontally." });
  });

  it("keeps a nested list's items with their depth", () => {
    expect(blocks()).toContainEqual({ kind: "list", ordered: false, items: [{ text: "Cache", depth: 0 }, { text: "Redis", depth: 1 }, { text: "Queue", depth: 0 }] });
  });

  it("keeps a table's header apart from its rows", () => {
    expect(blocks()).toContainEqual({ kind: "table", header: ["Company", "Users"], rows: [["Discord", "150M"]] });
  });

  it("keeps <pre><code> verbatim, with the language its class names", () => {
    expect(blocks()).toContainEqual({ kind: "code", lang: "python", text: "if ready:\n    serve()" });
  });
});

describe("loadHtml entities", () => {
  it("decodes named and numeric entities", () => {
    expect(textsOf(loadHtml("e.html", "<p>Rails &amp; Django&#8217;s &#x2014; &ldquo;fast&rdquo;</p>").blocks)).toEqual(["Rails & Django’s — “fast”"]);
  });

  it("decodes an escaped entity only once", () => {
    expect(textsOf(loadHtml("e.html", "<p>Write &amp;lt; in HTML.</p>").blocks)).toEqual(["Write &lt; in HTML."]);
  });

  it("keeps escaped angle brackets as text", () => {
    expect(textsOf(loadHtml("e.html", "<p>Use List&lt;String&gt; here.</p>").blocks)).toEqual(["Use List<String> here."]);
  });
});
