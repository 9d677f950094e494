import { describe, expect, it } from "vitest";
import { contentTerms, stem, tokenize } from "../../src/index/terms.js";

describe("tokenize", () => {
  it("lower-cases and splits on anything that is not a letter or digit", () => {
    expect(tokenize("Web/IoT Analytics, 2016!")).toEqual(["web", "iot", "analytics", "2016"]);
  });

  it("folds apostrophes so it's and its meet", () => {
    expect(tokenize("It’s Django's")).toEqual(["its", "djangos"]);
  });
});

describe("stem", () => {
  it("folds scaling, scales and scaled to one stem", () => {
    expect(new Set(["scaling", "scales", "scaled", "scale"].map(stem)).size).toBe(1);
  });

  it("folds a -ies plural to -y", () => {
    expect(stem("libraries")).toBe(stem("library"));
  });

  it("leaves short words and numbers alone", () => {
    expect([stem("api"), stem("p2p"), stem("2016")]).toEqual(["api", "p2p", "2016"]);
  });
});

describe("contentTerms", () => {
  it("drops stop words and keeps the content words, stemmed", () => {
    expect(contentTerms("Should we use Django for the analytics ingest?")).toEqual(["django", "analytic", "ingest"]);
  });
});
