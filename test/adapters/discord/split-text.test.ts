import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { splitText } from "../../../src/adapters/discord/split-text.js";

describe("splitText", () => {
  it("returns short text unchanged", () => {
    expect(splitText("Short answer.", 2000)).toEqual(["Short answer."]);
  });

  it("cuts at a paragraph break before a sentence end", () => {
    const first = `${"a".repeat(60)}. ${"b".repeat(20)}.`;
    expect(splitText(`${first}\n\n${"c".repeat(50)}`, 100)).toEqual([first, "c".repeat(50)]);
  });

  it("cuts after a sentence when there is no line break", () => {
    const text = `${"a".repeat(70)}. ${"b".repeat(70)}.`;
    expect(splitText(text, 100)).toEqual([`${"a".repeat(70)}.`, `${"b".repeat(70)}.`]);
  });

  it("hard-cuts a word longer than the limit without splitting an emoji", () => {
    const pieces = splitText(`${"x".repeat(9)}😀${"y".repeat(10)}`, 10);
    expect(pieces.every((piece) => piece.length <= 10)).toBe(true);
    expect(pieces.join("")).toBe(`${"x".repeat(9)}😀${"y".repeat(10)}`);
    expect(pieces.some((piece) => piece.includes("😀"))).toBe(true);
  });

  it("keeps every piece within the limit and loses no words", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 3000 }), fc.integer({ min: 2, max: 500 }), (text, max) => {
        const pieces = splitText(text, max);
        expect(pieces.every((piece) => piece.length <= max)).toBe(true);
        expect(pieces.join("").replace(/\s/g, "")).toBe(text.replace(/\s/g, ""));
      }),
      { numRuns: 300 },
    );
  });
});
