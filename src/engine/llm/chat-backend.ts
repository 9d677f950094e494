import type { BaseMessage, MessageContent } from "@langchain/core/messages";
import { ChatOllama } from "@langchain/ollama";
import { ChatOpenAI } from "@langchain/openai";
import type { Config } from "../../config.js";
import { GENERATED_REPLY_JSON_SCHEMA } from "./reply.js";

/** A chat endpoint reached through a LangChain chat model, reduced to what the generator needs. */
export interface ChatBackend {
  /** Recorded in `Answer.generator`, e.g. `openai:gpt-4o-mini`. */
  readonly id: string;
  /** Streams the reply's text. Rejects on endpoint errors; stops, releasing the connection, when `signal` aborts. */
  streamText(messages: BaseMessage[], signal: AbortSignal): AsyncIterable<string>;
}

export interface ModelSettings {
  model: string;
  temperature: number;
  maxTokens: number;
}

// Keyless local servers (llama.cpp, vLLM, LM Studio) ignore the key, but the OpenAI client refuses to start without one.
const KEYLESS_PLACEHOLDER = "not-needed";

/**
 * Any OpenAI-compatible Chat Completions endpoint. Always streamed: the non-streaming path of structured output
 * makes the OpenAI client throw on a reply that is not bare JSON (leaving nothing to fall back on), and a
 * streamed `invoke` would estimate tokens with tiktoken, which downloads its encodings from the internet.
 */
export function openAIBackend(settings: ModelSettings & { baseUrl: string | undefined; apiKey: string | undefined }): ChatBackend {
  const responseFormat = { type: "json_schema", json_schema: { name: "cited_answer", schema: GENERATED_REPLY_JSON_SCHEMA, strict: true } } as const;
  return {
    id: `openai:${settings.model}`,
    async *streamText(messages, signal) {
      const model = new ChatOpenAI({
        model: settings.model,
        temperature: settings.temperature,
        maxTokens: settings.maxTokens,
        apiKey: settings.apiKey ?? KEYLESS_PLACEHOLDER,
        // A retry would spend the answer's time budget; the extractive answer is the better fallback.
        maxRetries: 0,
        // `stream_options` is an OpenAI extension that some compatible servers reject.
        streamUsage: false,
        configuration: { baseURL: settings.baseUrl },
      });
      for await (const chunk of await model.stream(messages, { signal, response_format: responseFormat })) yield textOf(chunk.content);
    },
  };
}

/** Ollama's native `/api/chat`, with the reply schema as its `format`. */
export function ollamaBackend(settings: ModelSettings & { baseUrl: string }): ChatBackend {
  return {
    id: `ollama:${settings.model}`,
    async *streamText(messages, signal) {
      // One client per call, with the signal on its fetch: ChatOllama's own abort would cancel every request of a shared client.
      const model = new ChatOllama({
        model: settings.model,
        baseUrl: settings.baseUrl,
        temperature: settings.temperature,
        numPredict: settings.maxTokens,
        format: GENERATED_REPLY_JSON_SCHEMA,
        maxRetries: 0,
        fetch: (url, init) => fetch(url, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal }),
      });
      for await (const chunk of await model.stream(messages, { signal })) yield textOf(chunk.content);
    },
  };
}

/** The backend GENERATOR names, or undefined for the extractive composer. */
export function chatBackend(config: Config): ChatBackend | undefined {
  const model = { temperature: config.LLM_TEMPERATURE, maxTokens: config.LLM_MAX_TOKENS };
  switch (config.GENERATOR) {
    case "openai":
      return openAIBackend({ ...model, model: config.OPENAI_MODEL, baseUrl: config.OPENAI_BASE_URL, apiKey: config.OPENAI_API_KEY });
    case "ollama":
      return ollamaBackend({ ...model, model: config.OLLAMA_MODEL, baseUrl: config.OLLAMA_BASE_URL });
    case "extractive":
      return undefined;
  }
}

function textOf(content: MessageContent): string {
  if (typeof content === "string") return content;
  return content.map((part) => (part.type === "text" && typeof part.text === "string" ? part.text : "")).join("");
}
