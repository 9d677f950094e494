import type { Config } from "../config.js";
import { UseLiteEmbeddings, type CitebotEmbeddings } from "./embedder.js";
import { HostedOllamaEmbeddings, HostedOpenAIEmbeddings } from "./hosted-embeddings.js";

/**
 * The embedder the EMBEDDINGS setting names; hosted ones are opt-in. A hosted embedder is probed once here, so
 * an unreachable endpoint is one clear error at start-up and the index's dimension check has a number to compare.
 */
export async function createEmbeddings(config: Config, options: { workers?: number } = {}): Promise<CitebotEmbeddings> {
  switch (config.EMBEDDINGS) {
    case "use-lite":
      return new UseLiteEmbeddings({ workers: options.workers });
    case "openai":
      return new HostedOpenAIEmbeddings({
        model: config.OPENAI_EMBEDDINGS_MODEL,
        baseUrl: config.OPENAI_BASE_URL,
        apiKey: config.OPENAI_API_KEY,
        timeoutMs: config.LLM_TIMEOUT_MS,
      }).connect();
    case "ollama":
      return new HostedOllamaEmbeddings({ model: config.OLLAMA_EMBEDDINGS_MODEL, baseUrl: config.OLLAMA_BASE_URL, timeoutMs: config.LLM_TIMEOUT_MS }).connect();
  }
}
