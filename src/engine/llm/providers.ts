import { MODEL_PROVIDER_CONFIG } from "langchain/chat_models/universal";
import { CitebotError, ErrorCode } from "../../errors.js";

/** A provider LangChain's `initChatModel` knows; each is served by one integration package. */
export type LlmProvider = keyof typeof MODEL_PROVIDER_CONFIG;

/** In LangChain's order, so the list grows with the installed `langchain`, not with this file. */
export const LLM_PROVIDERS = Object.keys(MODEL_PROVIDER_CONFIG) as LlmProvider[];

export interface LlmModelName {
  provider: LlmProvider;
  model: string;
}

const EXAMPLES = "openai:gpt-4o-mini, ollama:llama3.1, anthropic:claude-sonnet-4-5, groq:llama-3.3-70b-versatile";

/** Splits LLM_MODEL at its first colon (`ollama:llama3.1:8b` is model `llama3.1:8b`); an unknown provider is a settings error. */
export function parseLlmModel(value: string): LlmModelName {
  const colon = value.indexOf(":");
  const provider = colon > 0 ? value.slice(0, colon) : "";
  const model = colon > 0 ? value.slice(colon + 1).trim() : "";
  if (isLlmProvider(provider) && model) return { provider, model };
  const what = provider ? `unknown provider "${provider}" in "${value}"` : `"${value}" names no provider`;
  throw new CitebotError(
    ErrorCode.ConfigInvalid,
    `LLM_MODEL: ${what}; use provider:model (e.g. ${EXAMPLES}), where provider is one of: ${LLM_PROVIDERS.join(", ")}`,
  );
}

function isLlmProvider(name: string): name is LlmProvider {
  return Object.hasOwn(MODEL_PROVIDER_CONFIG, name);
}

/** The npm package behind `provider`, e.g. `@langchain/anthropic`. */
export function providerPackage(provider: LlmProvider): string {
  return MODEL_PROVIDER_CONFIG[provider].package;
}

/**
 * Imports the provider's package once at start-up, so a missing one stops citebot with the command that installs
 * it instead of failing every answer. `chosenBy` names the setting that chose the provider, e.g. `LLM_MODEL=…`.
 */
export async function loadProviderPackage(provider: LlmProvider, chosenBy: string): Promise<void> {
  const name = providerPackage(provider);
  try {
    await import(name);
  } catch (error) {
    if (isMissingModule(error, name)) {
      throw new CitebotError(ErrorCode.ConfigInvalid, `${chosenBy}: the ${provider} provider needs the ${name} package, which is not installed; run \`npm install ${name}\` and start again`, { cause: error });
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new CitebotError(ErrorCode.ConfigInvalid, `${chosenBy}: ${name} is installed but failed to load (${reason}); reinstall it with \`npm install ${name}\``, { cause: error });
  }
}

// Node's codes for an unresolvable import (ESM) or require (CJS). The message check tells the package itself
// missing apart from one of its own dependencies missing, which reinstalling fixes instead.
function isMissingModule(error: unknown, name: string): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: unknown }).code;
  return (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") && error.message.includes(`'${name}'`);
}

export interface ProviderQuirks {
  /** The constructor field that takes LLM_MAX_TOKENS; `maxTokens` unless named here. */
  maxTokensField: string;
  /** Call options asking for the reply schema natively (JSON mode). Without them the reply is parsed from text. */
  jsonMode?: (schema: Record<string, unknown>) => Record<string, unknown>;
  /** Constructor fields that must be made per request, for the request's signal. */
  perRequest?: (signal: AbortSignal) => Record<string, unknown>;
}

const JSON_OBJECT = { response_format: { type: "json_object" } } as const;

// Only where the integration's own source shows the option; any other provider gets the prompt's
// "Reply with JSON only" and the text parser, which accepts fenced or surrounded JSON.
const QUIRKS: Partial<Record<LlmProvider, Partial<ProviderQuirks>>> = {
  openai: { jsonMode: (schema) => ({ response_format: { type: "json_schema", json_schema: { name: "cited_answer", schema, strict: true } } }) },
  ollama: {
    maxTokensField: "numPredict",
    jsonMode: (schema) => ({ format: schema }),
    // ChatOllama's own abort cancels every request of its client; a signal on each fetch cancels only this one.
    perRequest: (signal) => ({ fetch: fetchWithSignal(signal) }),
  },
  groq: { jsonMode: () => JSON_OBJECT },
  mistralai: { jsonMode: () => JSON_OBJECT },
  mistral: { jsonMode: () => JSON_OBJECT },
  google: { maxTokensField: "maxOutputTokens" },
  "google-genai": { maxTokensField: "maxOutputTokens" },
  "google-vertexai": { maxTokensField: "maxOutputTokens" },
  "google-vertexai-web": { maxTokensField: "maxOutputTokens" },
};

export function providerQuirks(provider: LlmProvider): ProviderQuirks {
  return { maxTokensField: "maxTokens", ...QUIRKS[provider] };
}

function fetchWithSignal(signal: AbortSignal): typeof fetch {
  return (url, init) => fetch(url, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
}
