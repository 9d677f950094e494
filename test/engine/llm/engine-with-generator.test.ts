import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import type { Engine } from "../../../src/engine/answer.js";
import { createGenerator, engineOptions } from "../../../src/app.js";
import { createEngine } from "../../../src/engine/engine.js";
import { UseLiteEmbeddings } from "../../../src/index/embedder.js";
import { openIndex } from "../../../src/index/store.js";
import { silentLogger } from "../../../src/logger.js";
import { startFakeLlm, type FakeLlm } from "../../fakes/llm.js";
import { REAL_INDEX_TIMEOUT_MS, buildRealIndex } from "../../helpers/real-corpus.js";
import { makeTempDir } from "../../helpers/temp-dir.js";

describe("engine with GENERATOR=openai", () => {
  let llm: FakeLlm;
  let engine: Engine;
  let cleanup: () => Promise<void> = async () => {};

  beforeAll(async () => {
    llm = await startFakeLlm();
    const temp = await makeTempDir("generator");
    cleanup = temp.remove;
    const embeddings = new UseLiteEmbeddings();
    await buildRealIndex(temp.path, embeddings);
    const config = loadConfig({ GENERATOR: "openai", OPENAI_BASE_URL: llm.openAIBaseUrl, OPENAI_API_KEY: "sk-test-key-123456", LLM_TIMEOUT_MS: "2000" });
    engine = createEngine({ index: await openIndex(temp.path, embeddings), embeddings, generator: await createGenerator(config, silentLogger()) }, engineOptions(config));
  }, REAL_INDEX_TIMEOUT_MS);

  afterAll(async () => {
    await llm?.close();
    await cleanup();
  });

  it("returns the model's answer when every sentence cites a passage it was given", async () => {
    llm.scriptChat(() => ({ content: JSON.stringify({ covered: true, answer: "Django scales well for most sites [1]. Analytics collection at huge volume needs custom systems [2]." }) }));
    const answer = await engine.answer("should we use Django for analytics ingest?");
    expect(answer.generator).not.toBe("extractive");
    expect(answer.grounded).toBe(true);
    expect(answer.answer).toContain("[2]");
    expect(answer.citations.map((citation) => citation.id)).toEqual([1, 2]);
    expect(llm.chatRequests().length).toBeGreaterThan(0);
  });

  it("falls back to the extractive answer when the model cites a passage it was not given", async () => {
    llm.scriptChat(() => ({ content: JSON.stringify({ covered: true, answer: "Django is the fastest framework ever [42]." }) }));
    const answer = await engine.answer("should we use Django for analytics ingest?");
    expect(answer.generator).toBe("extractive");
    expect(answer.answer).not.toContain("[42]");
  });

  it("streams the answer text to onPartial while it is written, then returns the validated answer", async () => {
    llm.scriptChat(() => ({ content: JSON.stringify({ covered: true, answer: "Django scales well for most sites [1]. Analytics collection at huge volume needs custom systems [2]." }) }));
    const partials: string[] = [];
    const answer = await engine.answer("should we use Django for analytics ingest?", { onPartial: (text) => partials.push(text) });
    expect(partials.length).toBeGreaterThan(1);
    expect(partials[0]?.length).toBeLessThan(partials.at(-1)?.length ?? 0);
    expect(partials.at(-1)).toContain("Analytics collection");
    expect(answer.generator).not.toBe("extractive");
    expect(answer.answer).toContain("Analytics collection at huge volume needs custom systems [2].");
  });

  it("returns the extractive answer after streaming a reply that then fails validation", async () => {
    llm.scriptChat(() => ({ content: JSON.stringify({ covered: true, answer: "Django is the fastest framework ever. Everyone agrees [1]." }) }));
    const partials: string[] = [];
    const answer = await engine.answer("should we use Django for analytics ingest?", { onPartial: (text) => partials.push(text) });
    expect(partials.some((text) => text.includes("fastest framework"))).toBe(true);
    expect(answer.generator).toBe("extractive");
    expect(answer.answer).not.toContain("fastest framework");
  });

  it("never asks the model about a question the corpus does not cover", async () => {
    llm.reset();
    const answer = await engine.answer("what is the capital of Australia?");
    expect(answer.grounded).toBe(false);
    expect(llm.chatRequests()).toHaveLength(0);
  });
});
