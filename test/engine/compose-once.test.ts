import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GenerationEngine } from "../../src/engine/generation-engine.js";
import { openTinyEngine } from "../helpers/tiny-engine.js";

let engine: GenerationEngine;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ engine, close } = await openTinyEngine("compose-once"));
});

afterAll(async () => {
  await close?.();
});

describe("a question in two parts that both find one section", () => {
  it("quotes that section once, under one citation", async () => {
    const answer = await engine.answer("How tall is the Bell Rock lighthouse? And when was the Bell Rock lighthouse tower finished?");
    expect(answer.grounded).toBe(true);
    const sections = answer.citations.map((citation) => citation.chunkId);
    expect(new Set(sections).size).toBe(sections.length);
    expect(answer.answer.match(/stands 35 metres tall/g)).toHaveLength(1);
  });
});
