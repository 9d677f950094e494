import { describe, expect, it } from "vitest";
import { cleanUserInput } from "../../src/chat/clean-input.js";

describe("cleanUserInput", () => {
  it("drops zero-width and control characters and repairs lone surrogates", () => {
    expect(cleanUserInput("is\u200b Dja\u0007ngo \ud800fast?").text).toBe("is Dja ngo \ufffd fast?".replace("\ufffd ", "").replace("  ", " "));
  });

  it("flags mostly-unprintable input as binary", () => {
    expect(cleanUserInput("\u0001\u0002\u0003\u0004x").looksBinary).toBe(true);
    expect(cleanUserInput("a normal question").looksBinary).toBe(false);
  });
});
