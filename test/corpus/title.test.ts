import { describe, expect, it } from "vitest";
import { slugify, titleFromFileName } from "../../src/corpus/title.js";

describe("slugify", () => {
  it("lower-cases and joins words with hyphens", () => {
    expect(slugify("Online Games")).toBe("online-games");
  });

  it("drops punctuation such as / and quotes", () => {
    expect(slugify("Web/IoT Analytics Collection")).toBe("webiot-analytics-collection");
  });

  it("collapses the gap an ampersand leaves", () => {
    expect(slugify('"Big Data Analytics" & "Machine Learning"')).toBe("big-data-analytics-machine-learning");
  });

  it("keeps hyphens already in the heading", () => {
    expect(slugify("Low-latency and/or high-throughput")).toBe("low-latency-andor-high-throughput");
  });

  it("strips accents", () => {
    expect(slugify("Déjà Vu Caching")).toBe("deja-vu-caching");
  });
});

describe("titleFromFileName", () => {
  it("turns a kebab-case file name into a sentence-case title", () => {
    expect(titleFromFileName("docs/when-not-to-use-a-web-framework.html")).toBe("When not to use a web framework");
  });

  it("drops a Jekyll date prefix", () => {
    expect(titleFromFileName("2017-03-14-just_build_it.md")).toBe("Just build it");
  });
});
