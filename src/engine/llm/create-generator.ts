import type { Config } from "../../config.js";
import type { Logger } from "../../logger.js";
import { chatModelBackend, type ChatModelSettings } from "./chat-backend.js";
import type { Generator } from "./generator.js";
import { createLlmGenerator } from "./llm-generator.js";
import { parseLlmModel, type LlmProvider } from "./providers.js";

export type { Generator, GeneratorInput } from "./generator.js";

// Keyless local servers (llama.cpp, vLLM, LM Studio) ignore the key, but the OpenAI client refuses to start without one.
const KEYLESS_PLACEHOLDER = "not-needed";

/**
 * The generator the settings choose, or undefined for `extractive` (the default, which needs no endpoint).
 * Rejects with a `config_invalid` CitebotError, before any question, when the model cannot be used:
 * an unknown provider, its package not installed, or a constructor error such as a missing API key.
 */
export async function createGenerator(config: Config, logger: Logger): Promise<Generator | undefined> {
  const settings = chatModelSettings(config);
  if (!settings) return undefined;
  const backend = await chatModelBackend(settings);
  return createLlmGenerator(backend, { timeoutMs: config.LLM_TIMEOUT_MS, answerTimeoutMs: config.ANSWER_TIMEOUT_MS, logger });
}

/** GENERATOR=openai|ollama are shorthands for LLM_MODEL=openai:$OPENAI_MODEL and ollama:$OLLAMA_MODEL. */
export function chatModelSettings(config: Config): ChatModelSettings | undefined {
  const limits = { temperature: config.LLM_TEMPERATURE, maxTokens: config.LLM_MAX_TOKENS };
  const chosen = (provider: LlmProvider, model: string, chosenBy: string): ChatModelSettings => ({ ...limits, provider, model, chosenBy, connection: connection(provider, config) });
  switch (config.GENERATOR) {
    case "extractive":
      return undefined;
    case "openai":
      return chosen("openai", config.OPENAI_MODEL, "GENERATOR=openai");
    case "ollama":
      return chosen("ollama", config.OLLAMA_MODEL, "GENERATOR=ollama");
    case "llm": {
      const setting = config.LLM_MODEL ?? "";
      const { provider, model } = parseLlmModel(setting);
      return chosen(provider, model, `LLM_MODEL=${setting}`);
    }
  }
}

/** The settings citebot has for a provider's endpoint; other providers' packages read their own variables. */
function connection(provider: LlmProvider, config: Config): Record<string, unknown> {
  switch (provider) {
    case "openai":
      return {
        apiKey: config.OPENAI_API_KEY ?? KEYLESS_PLACEHOLDER,
        configuration: { baseURL: config.OPENAI_BASE_URL },
        // `stream_options` is an OpenAI extension that some compatible servers reject.
        streamUsage: false,
      };
    case "ollama":
      return { baseUrl: config.OLLAMA_BASE_URL };
    default:
      return {};
  }
}
