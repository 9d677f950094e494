import { describe, expect, it } from "vitest";
import type { Chunk } from "../../src/corpus/document.js";
import { buildLexicalIndex } from "../../src/index/lexical.js";
import { stem } from "../../src/index/terms.js";
import { paragraphChunk } from "../helpers/chunks.js";

function chunk(section: string, text: string): Chunk {
  return paragraphChunk({ id: section, source: "s.md", title: "Guide", section: `Guide › ${section}`, url: "s.md" }, text);
}

const chunks = [
  chunk("Caching", "Django caches rendered pages in memcached to cut database load."),
  chunk("Sessions", "Store sessions in a shared cache so any server can answer any request."),
  chunk("Games", "Online games need responses within milliseconds, which frameworks rarely give."),
  chunk("Queues", "Celery workers take slow jobs off the request path."),
];
const lexical = buildLexicalIndex(chunks);
const sections = (query: string, limit = 4) => lexical.search(query, limit).map((hit) => chunks[hit.index]?.section);

describe("buildLexicalIndex search", () => {
  it("ranks the chunk that contains the query's rare word first", () => {
    expect(sections("where does celery run jobs")[0]).toBe("Guide › Queues");
  });

  it("matches inflected forms (caching ~ caches)", () => {
    expect(sections("caching")[0]).toBe("Guide › Caching");
  });

  it("matches a word that only appears in the section heading", () => {
    expect(sections("games")[0]).toBe("Guide › Games");
  });

  it("returns nothing for a query made only of stop words", () => {
    expect(lexical.search("what is it that you do", 4)).toEqual([]);
  });

  it("returns at most the requested number of hits", () => {
    expect(lexical.search("cache request sessions servers django games", 2)).toHaveLength(2);
  });
});

describe("buildLexicalIndex term statistics", () => {
  it("knows a stemmed term that occurs in the corpus", () => {
    expect(lexical.knows(stem("workers"))).toBe(true);
  });

  it("does not know a term the corpus lacks", () => {
    expect(lexical.knows("kubernetes")).toBe(false);
  });

  it("weights a rare term above a common one", () => {
    expect(lexical.idf(stem("celery"))).toBeGreaterThan(lexical.idf(stem("guide")));
  });
});
