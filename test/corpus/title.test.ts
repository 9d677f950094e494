import { describe, expect, it } from "vitest";
import type { Block } from "../../src/corpus/document.js";
import { titleFromBlocks, titleFromFileName } from "../../src/corpus/title.js";

describe("titleFromFileName", () => {
  it("turns a kebab-case file name into a sentence-case title", () => {
    expect(titleFromFileName("docs/when-not-to-use-a-web-framework.html")).toBe("When not to use a web framework");
  });

  it("drops a Jekyll date prefix", () => {
    expect(titleFromFileName("2017-03-14-just_build_it.md")).toBe("Just build it");
  });
});

describe("titleFromBlocks", () => {
  const paragraph: Block = { kind: "paragraph", text: "Some words." };

  it("takes the first H1 even when an H2 comes before it", () => {
    const blocks: Block[] = [{ kind: "heading", depth: 2, text: "Overview" }, paragraph, { kind: "heading", depth: 1, text: "Case Studies" }];
    expect(titleFromBlocks(blocks)).toBe("Case Studies");
  });

  it("takes the first heading of any level when there is no H1", () => {
    const blocks: Block[] = [paragraph, { kind: "heading", depth: 3, text: "Deep" }, { kind: "heading", depth: 2, text: "Shallow" }];
    expect(titleFromBlocks(blocks)).toBe("Deep");
  });

  it("gives no title when there is no heading", () => {
    expect(titleFromBlocks([paragraph, { kind: "label", text: "Why Django?" }])).toBeUndefined();
  });
});
