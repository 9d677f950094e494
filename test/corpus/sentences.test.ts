import { describe, expect, it } from "vitest";
import { splitSentences } from "../../src/corpus/sentences.js";

describe("splitSentences", () => {
  it("splits prose at sentence ends", () => {
    expect(splitSentences("Django scales. Rails scales too! Does Go?")).toEqual(["Django scales.", "Rails scales too!", "Does Go?"]);
  });

  it("returns each sentence verbatim, without the spaces around it", () => {
    expect(splitSentences("  Django scales.   Sessions live in a cache.  ")).toEqual(["Django scales.", "Sessions live in a cache."]);
  });

  it("does not end a sentence at “e.g.” before a capitalised name", () => {
    expect(splitSentences("Use a cache, e.g. Redis, for sessions. Then scale out.")).toEqual(["Use a cache, e.g. Redis, for sessions.", "Then scale out."]);
  });

  it("does not end a sentence at “e.g.” before a lower-case word", () => {
    expect(splitSentences("Use a cache, e.g. memcached, for sessions. Then scale out.")).toEqual(["Use a cache, e.g. memcached, for sessions.", "Then scale out."]);
  });

  it("does not end a sentence at “approx.” before a number", () => {
    expect(splitSentences("Prices rose by approx. 20% last year. Then they fell.")).toEqual(["Prices rose by approx. 20% last year.", "Then they fell."]);
  });

  it("does not end a sentence at “vs.”", () => {
    expect(splitSentences("We compared Go vs. Rust for the proxy. Go won.")).toEqual(["We compared Go vs. Rust for the proxy.", "Go won."]);
  });

  it("does not end a sentence at a full stop inside inline code", () => {
    expect(splitSentences("Edit `settings.py. Then` to taste. Restart after.")).toEqual(["Edit `settings.py. Then` to taste.", "Restart after."]);
  });

  it("keeps inline code as written in the sentence it belongs to", () => {
    expect(splitSentences("Run `npm ci`. Then call `app.listen()`!")).toEqual(["Run `npm ci`.", "Then call `app.listen()`!"]);
  });

  it("does not end a sentence at a decimal point", () => {
    expect(splitSentences("Version 2.5 is out. It is fast.")).toEqual(["Version 2.5 is out.", "It is fast."]);
  });

  it("drops fragments with neither letters nor digits", () => {
    expect(splitSentences("--- ...")).toEqual([]);
  });
});
