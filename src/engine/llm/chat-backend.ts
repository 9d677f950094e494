import type { BaseMessage, MessageContent } from "@langchain/core/messages";
import { initChatModel } from "langchain/chat_models/universal";
import { CitebotError, ErrorCode } from "../../errors.js";
import { loadProviderPackage, providerPackage, providerQuirks, type LlmProvider } from "./providers.js";
import { GENERATED_REPLY_JSON_SCHEMA } from "./reply.js";

/** A chat endpoint reached through a LangChain chat model, reduced to what the generator needs. */
export interface ChatBackend {
  /** Recorded in `Answer.generator`, e.g. `openai:gpt-4o-mini`. */
  readonly id: string;
  /** Streams the reply's text. Rejects on endpoint errors; stops, releasing the connection, when `signal` aborts. */
  streamText(messages: BaseMessage[], signal: AbortSignal): AsyncIterable<string>;
}

export interface ChatModelSettings {
  provider: LlmProvider;
  model: string;
  temperature: number;
  maxTokens: number;
  /** The setting that chose this model (`LLM_MODEL=…`, `GENERATOR=openai`), named in start-up errors. */
  chosenBy: string;
  /**
   * Constructor fields for the endpoint and key (OPENAI_BASE_URL, OLLAMA_BASE_URL…). Providers without any
   * read their own variables, as their LangChain package documents (ANTHROPIC_API_KEY, GROQ_API_KEY…).
   */
  connection?: Record<string, unknown>;
}

/**
 * Any chat model LangChain's `initChatModel` can build. Resolves only once the provider's package loads and the
 * model can be constructed (a missing package or key is a start-up error, not a failure on every answer).
 *
 * Always streamed: the non-streaming path of structured output makes some clients throw on a reply that is not
 * bare JSON (leaving nothing to fall back on), and a streamed `invoke` would estimate tokens with tiktoken,
 * which downloads its encodings from the internet. A model is built per request (cheap: the package is
 * imported once), so per-request fields such as Ollama's signal-bound fetch stay with their request.
 */
export async function chatModelBackend(settings: ChatModelSettings): Promise<ChatBackend> {
  const quirks = providerQuirks(settings.provider);
  const callOptions = quirks.jsonMode?.(GENERATED_REPLY_JSON_SCHEMA) ?? {};
  const build = (signal?: AbortSignal) =>
    initChatModel(settings.model, {
      modelProvider: settings.provider,
      temperature: settings.temperature,
      [quirks.maxTokensField]: settings.maxTokens,
      // A retry would spend the answer's time budget; the extractive answer is the better fallback.
      maxRetries: 0,
      ...settings.connection,
      ...(signal ? quirks.perRequest?.(signal) : undefined),
    });

  await loadProviderPackage(settings.provider, settings.chosenBy);
  try {
    await build();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const hint = settings.connection && Object.keys(settings.connection).length > 0 ? "" : ` (${providerPackage(settings.provider)} reads its key and endpoint from the environment variables it documents; set them in .env)`;
    throw new CitebotError(ErrorCode.ConfigInvalid, `${settings.chosenBy}: the ${settings.provider} chat model could not be set up: ${reason}${hint}`, { cause: error });
  }

  return {
    id: `${settings.provider}:${settings.model}`,
    async *streamText(messages, signal) {
      const model = await build(signal);
      for await (const chunk of await model.stream(messages, { ...callOptions, signal })) yield textOf(chunk.content);
    },
  };
}

function textOf(content: MessageContent): string {
  if (typeof content === "string") return content;
  return content.map((part) => (part.type === "text" && typeof part.text === "string" ? part.text : "")).join("");
}
