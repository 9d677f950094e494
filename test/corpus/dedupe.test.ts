import { beforeAll, describe, expect, it } from "vitest";
import type { SourceDocument } from "../../src/corpus/document.js";
import { dropNearDuplicates, shingle } from "../../src/corpus/dedupe.js";
import { loadCorpus } from "../../src/corpus/load-corpus.js";
import { CORPUS_DIR, DEFAULTS } from "../helpers/real-corpus.js";

describe("dropNearDuplicates on the real corpus", () => {
  let documents: SourceDocument[];

  beforeAll(async () => {
    documents = (await loadCorpus(CORPUS_DIR, { maxFileBytes: DEFAULTS.MAX_FILE_BYTES })).documents;
  });

  it("drops the HTML copy of the web-framework post", () => {
    expect(dropNearDuplicates(documents).dropped.map(({ dropped, keptInstead }) => ({ dropped, keptInstead }))).toEqual([
      { dropped: "when-not-to-use-a-web-framework.html", keptInstead: "when-not-to-use-a-web-framework.md" },
    ]);
  });

  it("keeps the Markdown copy, whose front matter gives the real title and link", () => {
    const kept = dropNearDuplicates(documents).kept.find((document) => document.source.startsWith("when-not-to-use-a-web-framework"));
    expect({ source: kept?.source, title: kept?.title, url: kept?.url }).toEqual({
      source: "when-not-to-use-a-web-framework.md",
      title: "When Not to Use a Web Framework",
      url: "/posts/when-not-to-use-a-web-framework/",
    });
  });

  it("keeps the Markdown copy whichever order the files arrive in", () => {
    expect(dropNearDuplicates([...documents].reverse()).dropped.map((duplicate) => duplicate.dropped)).toEqual(["when-not-to-use-a-web-framework.html"]);
  });

  it("keeps every distinct document, in the original order", () => {
    expect(dropNearDuplicates(documents).kept.map((document) => document.source)).toEqual([
      "backend-framework-case-studies.md",
      "how-scalable-is-django.md",
      "lightning-fast-backends.md",
      "when-not-to-use-a-web-framework.md",
    ]);
  });

  it("reports the pair's similarity above the threshold", () => {
    expect(dropNearDuplicates(documents).dropped[0]?.similarity).toBeGreaterThan(0.9);
  });
});

describe("dropNearDuplicates on synthetic documents", () => {
  const doc = (source: string, text: string, metadata = { titleFromMetadata: false, urlFromMetadata: false }): SourceDocument => ({
    source,
    format: source.endsWith(".html") ? "html" : "markdown",
    title: source,
    url: source,
    metadata,
    blocks: [{ kind: "heading", depth: 2, text: "Scaling" }, ...text.split("\n\n").map((paragraph) => ({ kind: "paragraph" as const, text: paragraph }))],
  });
  const post = "Django scales horizontally behind a load balancer when sessions live in a shared cache.\n\nInstagram served millions of users this way with a small team of engineers.";

  it("keeps two documents on the same topic worded differently", () => {
    const a = doc("a.md", "Django scales horizontally behind a load balancer when sessions live in a shared cache.");
    const b = doc("b.md", "Horizontal scaling of a Django site needs shared session storage and several app servers.");
    expect(dropNearDuplicates([a, b]).kept).toHaveLength(2);
  });

  it("drops the copy with less metadata when two documents share their wording", () => {
    const bare = doc("post.html", post);
    const rich = doc("post.md", post, { titleFromMetadata: true, urlFromMetadata: true });
    expect(dropNearDuplicates([bare, rich]).dropped.map(({ dropped, keptInstead }) => ({ dropped, keptInstead }))).toEqual([{ dropped: "post.html", keptInstead: "post.md" }]);
  });

  it("compares the documents' text, not their headings", () => {
    const renamed: SourceDocument = { ...doc("b.md", post), blocks: [{ kind: "heading", depth: 1, text: "A completely different heading" }, ...doc("b.md", post).blocks.slice(1)] };
    expect(dropNearDuplicates([doc("a.md", post), renamed]).kept.map((document) => document.source)).toEqual(["a.md"]);
  });

  it("ignores {#anchor} markers when comparing", () => {
    expect(shingle("## Online Games {#online-games} players expect fast responses")).toEqual(shingle("## Online Games players expect fast responses"));
  });
});
