import { describe, expect, it } from "vitest";
import { splitSentences } from "../../src/corpus/sentences.js";

const texts = (text: string) => splitSentences(text).map((sentence) => sentence.text);

describe("splitSentences", () => {
  it("splits prose at sentence ends", () => {
    expect(texts("Django scales. Rails scales too! Does Go?")).toEqual(["Django scales.", "Rails scales too!", "Does Go?"]);
  });

  it("keeps each long list item as its own sentence, without its dash", () => {
    const items = [
      "- Spring Boot gave each of the teams a quick convention-over-configuration start for every new service they built",
      "- Eureka handled the service discovery across all of the seven hundred services in every one of the regions",
    ];
    expect(texts(items.join("\n"))).toEqual(items.map((item) => item.slice(2)));
  });

  it("skips heading lines", () => {
    expect(texts("## Scaling\nDjango scales.")).toEqual(["Django scales."]);
  });

  it("skips fragments with no letters", () => {
    expect(texts("Django scales. 42. ---")).toEqual(["Django scales."]);
  });

  it("gives offsets that point at each sentence", () => {
    const text = "  Django scales.\n\nSessions live   in a cache.";
    expect(splitSentences(text).every((sentence) => text.slice(sentence.start, sentence.end) === sentence.text)).toBe(true);
  });

  it("continues a sentence after an abbreviation followed by a lower-case word", () => {
    expect(texts("Use a cache, e.g. memcached, for sessions. Then scale out.")).toEqual(["Use a cache, e.g. memcached, for sessions.", "Then scale out."]);
  });

  // BUG: mergeFragments only rejoins a fragment that starts lower-case, so "e.g." before a
  // capitalised name (or "approx." before a number) cuts the sentence in two.
  it("continues a sentence after an abbreviation followed by a capitalised name", () => {
    expect(texts("Use a cache, e.g. Redis, for sessions. Then scale out.")).toEqual(["Use a cache, e.g. Redis, for sessions.", "Then scale out."]);
  });
});
