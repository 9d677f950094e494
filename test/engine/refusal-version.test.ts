import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GenerationEngine } from "../../src/engine/generation-engine.js";
import { openTinyEngine } from "../helpers/tiny-engine.js";

let engine: GenerationEngine;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ engine, close } = await openTinyEngine("refusal-version", { "runtime.md": "# Runtime\n\n## Requirements\n\nThe lighthouse monitoring service runs on Node.js 20 or later.\n" }));
});

afterAll(async () => {
  await close?.();
});

describe("a question for a version", () => {
  it("is refused when no quoted section has a version number, even one with other figures", async () => {
    const answer = await engine.answer("Which version of the Bell Rock lighthouse lamp should we install?");
    expect(answer).toMatchObject({ grounded: false, refusal: "no-figure" });
  });

  it("is answered when the section names a version as a name and a number (Node.js 20)", async () => {
    const answer = await engine.answer("Which Node.js version does the lighthouse monitoring service need?");
    expect(answer.grounded).toBe(true);
    expect(answer.answer).toContain("Node.js 20");
  });

  it("is answered as usual when it asks for no version", async () => {
    expect((await engine.answer("How tall is the Bell Rock lighthouse?")).grounded).toBe(true);
  });
});
