import { describe, expect, it } from "vitest";
import { loadHtml } from "../../src/corpus/load-html.js";
import { readCorpusFile } from "../helpers/real-corpus.js";

describe("loadHtml with a fragment", () => {
  const fragment = '<p>All rules have exceptions.</p>\n<h2 id="low-latency-andor-high-throughput">Low-latency and/or high-throughput</h2>\n<p>Think about it.</p>';

  it("turns an <h2 id> into a ## heading that carries the id as its anchor", () => {
    expect(loadHtml("page.html", fragment).text).toContain("## Low-latency and/or high-throughput {#low-latency-andor-high-throughput}");
  });

  it("keeps paragraphs as separate blocks", () => {
    expect(loadHtml("page.html", fragment).text).toBe(
      "All rules have exceptions.\n\n## Low-latency and/or high-throughput {#low-latency-andor-high-throughput}\n\nThink about it.",
    );
  });

  it("derives the title from the file name when the page has no <title> or <h1>", () => {
    expect(loadHtml("when-not-to-use-a-web-framework.html", fragment).title).toBe("When not to use a web framework");
  });

  it("uses the source path as the url and marks both as derived", () => {
    const document = loadHtml("page.html", fragment);
    expect({ url: document.url, metadata: document.metadata }).toEqual({ url: "page.html", metadata: { titleFromMetadata: false, urlFromMetadata: false } });
  });

  it("keeps every section id of the real corpus page", async () => {
    const text = loadHtml("when-not-to-use-a-web-framework.html", await readCorpusFile("when-not-to-use-a-web-framework.html")).text;
    expect(text).toContain("### Web/IoT Analytics Collection {#webiot-analytics-collection}");
  });
});

describe("loadHtml with a full page", () => {
  const page = `<html><head><title>Scaling &amp; Django</title><link rel="canonical" href="https://blog.example.com/scaling/"><style>p{}</style></head>
<body><nav>Home | About</nav><h1>Scaling</h1><p>Django
   scales      horizontally.</p><script>track()</script><ul><li>Cache</li><li>Queue</li></ul><footer>© us</footer></body></html>`;

  it("takes the title from <title>", () => {
    expect(loadHtml("p.html", page).title).toBe("Scaling & Django");
  });

  it("takes the url from the canonical link", () => {
    expect(loadHtml("p.html", page).url).toBe("https://blog.example.com/scaling/");
  });

  it("drops scripts, styles, navigation and footers", () => {
    expect(loadHtml("p.html", page).text).not.toMatch(/track|p\{\}|Home \| About|© us/);
  });

  it("collapses source-formatting whitespace inside a paragraph", () => {
    expect(loadHtml("p.html", page).text).toContain("\nDjango scales horizontally.\n");
  });

  it("turns list items into - lines", () => {
    expect(loadHtml("p.html", page).text).toContain("- Cache\n- Queue");
  });
});

describe("loadHtml entities", () => {
  it("decodes named and numeric entities", () => {
    expect(loadHtml("e.html", "<p>Rails &amp; Django&#8217;s &#x2014; &ldquo;fast&rdquo;</p>").text).toBe("Rails & Django’s — “fast”");
  });

  it("decodes an escaped entity only once", () => {
    expect(loadHtml("e.html", "<p>Write &amp;lt; in HTML.</p>").text).toBe("Write &lt; in HTML.");
  });

  it("keeps escaped angle brackets as text", () => {
    expect(loadHtml("e.html", "<p>Use List&lt;String&gt; here.</p>").text).toBe("Use List<String> here.");
  });
});
