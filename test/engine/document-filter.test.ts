import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GenerationEngine } from "../../src/engine/generation-engine.js";
import { openTinyEngine } from "../helpers/tiny-engine.js";

let engine: GenerationEngine;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ engine, close } = await openTinyEngine("document-filter"));
});

afterAll(async () => {
  await close?.();
});

describe("a document filter given as data (allowSources)", () => {
  it("answers only from the sources listed", async () => {
    const answer = await engine.answer("How tall is the Bell Rock lighthouse?", { allowSources: ["volcanoes.md", "tides.txt"] });
    expect(answer.citations.filter((citation) => citation.source === "lighthouses.md")).toEqual([]);
  });

  it("answers as the function form does", async () => {
    const asData = await engine.answer("How tall is the Bell Rock lighthouse?", { allowSources: ["lighthouses.md"] });
    const asFunction = await engine.answer("How tall is the Bell Rock lighthouse?", { allowSource: (source) => source === "lighthouses.md" });
    expect(asData.answer).toBe(asFunction.answer);
    expect(asData.grounded).toBe(true);
  });
});
