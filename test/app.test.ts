import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import type { Answer } from "../src/engine/answer.js";
import { defaultDiscordOptions } from "../src/adapters/discord/bot.js";
import { defaultSlackOptions } from "../src/adapters/slack/bot.js";
import {
  chatModelSettings,
  conversationOptions,
  createGenerator,
  discordOptions,
  engineOptions,
  indexOptions,
  slackOptions,
} from "../src/app.js";
import { defaultConversationOptions } from "../src/chat/conversation.js";
import { defaultEngineOptions } from "../src/engine/engine.js";
import { defaultIngestLimits } from "../src/index/ingest.js";
import { defaultOpenIndexOptions } from "../src/index/store.js";
import { LLM_PROVIDERS } from "../src/engine/llm/providers.js";
import { ErrorCode } from "../src/errors.js";
import { silentLogger } from "../src/logger.js";
import { startFakeLlm, type FakeLlm } from "./fakes/llm.js";
import { paragraphChunk, passageOf } from "./helpers/chunks.js";

/** The start-up error createGenerator rejects with, as code and message. */
async function startupError(env: Record<string, string>): Promise<{ code: string; message: string }> {
  try {
    await createGenerator(loadConfig(env), silentLogger());
    return { code: "none", message: "" };
  } catch (error) {
    return { code: (error as { code?: string }).code ?? "uncoded", message: (error as Error).message };
  }
}

describe("settings → each layer's options", () => {
  // Each layer's defaults live beside its options type; with nothing set, .env's defaults must give the same.
  it("gives every layer its own defaults when nothing is set", () => {
    const config = loadConfig({});
    expect(engineOptions(config)).toEqual(defaultEngineOptions);
    expect(indexOptions(config)).toEqual(defaultOpenIndexOptions);
    expect({ maxFileBytes: config.MAX_FILE_BYTES, chunkMaxChars: config.CHUNK_MAX_CHARS }).toEqual(defaultIngestLimits);
    expect(conversationOptions(config)).toEqual({
      maxQuestionChars: defaultConversationOptions.maxQuestionChars,
      rateLimitPerMinute: defaultConversationOptions.rateLimitPerMinute,
      answerTimeoutMs: defaultConversationOptions.answerTimeoutMs,
    });
    expect(slackOptions(config)).toEqual(defaultSlackOptions);
    expect(discordOptions(config)).toEqual(defaultDiscordOptions);
  });

  it("carries each setting to the option that uses it", () => {
    const config = loadConfig({ ANSWER_MAX_SENTENCES: "3", MIN_EVIDENCE: "0.5", DOCS_BASE_URL: "https://docs.example.com/", HNSW_EF_SEARCH: "99", THREAD_FOLLOWUPS: "false" });
    expect(engineOptions(config)).toEqual({ maxSentences: 3, minEvidence: 0.5, docsBaseUrl: "https://docs.example.com/" });
    expect(indexOptions(config)).toEqual({ efSearch: 99 });
    expect(slackOptions(config).threadFollowups).toBe(false);
    expect(discordOptions(config).threadFollowups).toBe(false);
  });
});

describe("createGenerator at start-up", () => {
  // @langchain/anthropic is deliberately not a dependency: it stands for any provider whose package is missing.
  it("names LLM_MODEL and the exact npm install command when the provider's package is not installed", async () => {
    const { code, message } = await startupError({ LLM_MODEL: "anthropic:claude-sonnet-4-5" });
    expect({ code, message }).toEqual({
      code: ErrorCode.ConfigInvalid,
      message: "LLM_MODEL=anthropic:claude-sonnet-4-5: the anthropic provider needs the @langchain/anthropic package, which is not installed; run `npm install @langchain/anthropic` and start again",
    });
  });

  it("lists the accepted forms for an unknown provider", async () => {
    const { code, message } = await startupError({ LLM_MODEL: "openia:gpt-4o-mini" });
    expect({ code, names: message.startsWith('LLM_MODEL: unknown provider "openia"'), example: message.includes("provider:model (e.g. openai:gpt-4o-mini"), providers: LLM_PROVIDERS.filter((provider) => !message.includes(provider)) }).toEqual({
      code: ErrorCode.ConfigInvalid,
      names: true,
      example: true,
      providers: [],
    });
  });

  it("reports a model its installed package refuses to build (azure_openai with no Azure settings) before any question", async () => {
    const { code, message } = await startupError({ LLM_MODEL: "azure_openai:gpt-4o" });
    expect({ code, message: message.split(": the ")[0] }).toEqual({ code: ErrorCode.ConfigInvalid, message: "LLM_MODEL=azure_openai:gpt-4o" });
    expect(message).toMatch(/azure_openai chat model could not be set up: \S/);
  });
});

describe("chatModelSettings", () => {
  it("reads GENERATOR=openai as LLM_MODEL=openai:$OPENAI_MODEL, with the same endpoint settings", () => {
    const endpoint = { OPENAI_BASE_URL: "http://127.0.0.1:9/v1", OPENAI_API_KEY: "sk-test", LLM_TEMPERATURE: "0.3", LLM_MAX_TOKENS: "256" };
    const viaGenerator = chatModelSettings(loadConfig({ ...endpoint, GENERATOR: "openai", OPENAI_MODEL: "gpt-4o-mini" }));
    const viaModel = chatModelSettings(loadConfig({ ...endpoint, LLM_MODEL: "openai:gpt-4o-mini" }));
    expect({ ...viaGenerator, chosenBy: undefined }).toEqual({ ...viaModel, chosenBy: undefined });
    expect(viaModel).toMatchObject({ provider: "openai", model: "gpt-4o-mini", temperature: 0.3, maxTokens: 256, chosenBy: "LLM_MODEL=openai:gpt-4o-mini" });
  });

  it("keeps everything after the provider's colon as the model name", () => {
    expect(chatModelSettings(loadConfig({ LLM_MODEL: "ollama:llama3.1:8b" }))).toMatchObject({ provider: "ollama", model: "llama3.1:8b" });
  });

  it("gives other providers no connection settings, leaving their packages to read their own keys", () => {
    expect(chatModelSettings(loadConfig({ LLM_MODEL: "groq:llama-3.3-70b-versatile" }))?.connection).toEqual({});
  });
});

describe("LLM_TEMPERATURE and LLM_MAX_TOKENS", () => {
  const text = "Roll back a bad deploy with deploy rollback.";
  const passage = passageOf(1, paragraphChunk({ id: "c1", source: "runbook.md", title: "Runbook", section: "Runbook", url: "/runbook" }, text), 0.9);
  const extractive: Answer = { question: "How do I roll back?", answer: `${text} [1]`, grounded: true, citations: [], timings: { embedMs: 0, retrieveMs: 0, composeMs: 0, totalMs: 0 }, generator: "extractive", related: [] };
  let fake: FakeLlm;
  beforeAll(async () => {
    fake = await startFakeLlm();
    fake.scriptChat(() => ({ content: JSON.stringify({ covered: false, answer: "" }) }));
  });
  afterAll(() => fake.close());

  it.each([
    ["openai", () => ({ OPENAI_BASE_URL: fake.openAIBaseUrl }), (body: Record<string, unknown>) => [body.temperature, body.max_tokens ?? body.max_completion_tokens]],
    ["ollama", () => ({ OLLAMA_BASE_URL: fake.ollamaBaseUrl }), (body: Record<string, unknown>) => [(body.options as Record<string, unknown>).temperature, (body.options as Record<string, unknown>).num_predict]],
  ] as const)("reach the %s endpoint through LLM_MODEL", async (provider, endpoint, limits) => {
    fake.reset();
    const generator = await createGenerator(loadConfig({ ...endpoint(), LLM_MODEL: `${provider}:fake-chat`, LLM_TEMPERATURE: "0.7", LLM_MAX_TOKENS: "123" }), silentLogger());
    await generator?.generate({ question: extractive.question, history: [], passages: [passage], extractive });
    const [request] = fake.chatRequests();
    expect({ model: request?.body.model, limits: request ? limits(request.body) : [] }).toEqual({ model: "fake-chat", limits: [0.7, 123] });
  });
});
