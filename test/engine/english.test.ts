import { describe, expect, it } from "vitest";
import { englishRank, isCommonEnglish, isEnglishWord, nearCommonWord } from "../../src/engine/english.js";

describe("englishRank", () => {
  it("ranks a more common word before a rarer one, whatever its case", () => {
    const rank = (word: string) => englishRank(word) ?? Number.POSITIVE_INFINITY;
    expect([rank("The") < rank("huge"), rank("huge") < rank("cope")]).toEqual([true, true]);
  });

  it("gives no rank to a word outside everyday speech", () => {
    expect(englishRank("kubernetes")).toBeUndefined();
  });
});

describe("isCommonEnglish", () => {
  it("takes everyday words for common (huge, cope, bread)", () => {
    expect(["huge", "cope", "bread"].map(isCommonEnglish)).toEqual([true, true, true]);
  });

  it("does not take a term of art for common", () => {
    expect(isCommonEnglish("scalability")).toBe(false);
  });
});

describe("isEnglishWord", () => {
  it("knows dictionary words that are not everyday speech (scalability)", () => {
    expect(isEnglishWord("scalability")).toBe(true);
  });

  it("knows software teams' words that dictionaries lack, plurals included (frontend, webhooks)", () => {
    expect([isEnglishWord("frontend"), isEnglishWord("webhooks")]).toEqual([true, true]);
  });

  it("does not know product names (shopify, gunicorn)", () => {
    expect([isEnglishWord("shopify"), isEnglishWord("gunicorn")]).toEqual([false, false]);
  });
});

describe("nearCommonWord", () => {
  it("finds the everyday word a misspelling stands for (garbadge → garbage)", () => {
    expect(nearCommonWord("garbadge")).toBe("garbage");
  });

  it("finds none for a product name (shopify)", () => {
    expect(nearCommonWord("shopify")).toBeUndefined();
  });
});
