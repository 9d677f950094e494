import type { Embeddings } from "@langchain/core/embeddings";
import { OllamaEmbeddings } from "@langchain/ollama";
import { OpenAIEmbeddings } from "@langchain/openai";
import { CitebotError, ErrorCode } from "../errors.js";
import { scrubSecrets } from "../logger.js";
import { CitebotEmbeddings } from "./embedder.js";
import { normalise } from "./vectors.js";

export interface HostedEmbeddingsOptions {
  model: string;
  /** Per request; LLM_TIMEOUT_MS. */
  timeoutMs: number;
}

/** How the endpoint is named in error messages: the settings a user would change. */
interface EndpointLabel {
  setting: string;
  where: string;
}

// Transient failures during a long ingest are worth a retry; LangChain backs off between attempts.
const MAX_RETRIES = 2;
// Keyless local servers ignore the key, but the OpenAI client refuses to start without one.
const KEYLESS_PLACEHOLDER = "not-needed";

/**
 * A LangChain embeddings integration behind the CitebotEmbeddings port: a stable id for the index manifest,
 * the dimension learned from the endpoint by `connect()`, unit-length vectors, and coded errors that name the setting.
 */
abstract class HostedEmbeddings extends CitebotEmbeddings {
  readonly id: string;
  readonly #inner: Embeddings;
  readonly #label: EndpointLabel;
  #dimension: number | undefined;

  protected constructor(id: string, inner: Embeddings, label: EndpointLabel) {
    super({});
    this.id = id;
    this.#inner = inner;
    this.#label = label;
  }

  get dimension(): number {
    if (this.#dimension === undefined) throw new CitebotError(ErrorCode.EmbedderFailed, `${this.id}: call connect() before reading the dimension`);
    return this.#dimension;
  }

  /** Embeds one probe text to learn the dimension (the manifest check needs it before any question) and to fail early when the endpoint is unreachable. */
  async connect(): Promise<this> {
    if (this.#dimension === undefined) await this.embedQuery("citebot dimension probe");
    return this;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    if (texts.length === 0) return [];
    const vectors = await this.#call(() => this.#inner.embedDocuments(texts.map(prepare)));
    if (vectors.length !== texts.length) throw this.#failure(`returned ${vectors.length} vectors for ${texts.length} texts`);
    return vectors.map((vector) => this.#accept(vector));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.#accept(await this.#call(() => this.#inner.embedQuery(prepare(text))));
  }

  async #call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw this.#failure(error instanceof Error ? error.message : String(error), error);
    }
  }

  #accept(vector: number[] | undefined): number[] {
    if (!Array.isArray(vector) || vector.length === 0 || !vector.every(Number.isFinite)) throw this.#failure("returned an empty or non-numeric vector");
    this.#dimension ??= vector.length;
    if (vector.length !== this.#dimension) {
      throw this.#failure(`returned a ${vector.length}-dimension vector after ${this.#dimension}-dimension ones; has the model behind it changed? Then run \`npm run ingest\``);
    }
    return normalise(vector);
  }

  #failure(detail: string, cause?: unknown): CitebotError {
    return new CitebotError(
      ErrorCode.EmbedderFailed,
      `The embeddings endpoint for ${this.id} at ${this.#label.where} (${this.#label.setting}) failed: ${scrubSecrets(detail)}`,
      { cause },
    );
  }
}

/** Any OpenAI-compatible `/v1/embeddings` endpoint (OpenAI, gateways, vLLM, llama.cpp, LM Studio). */
export class HostedOpenAIEmbeddings extends HostedEmbeddings {
  constructor(options: HostedEmbeddingsOptions & { baseUrl: string | undefined; apiKey: string | undefined }) {
    const inner = new OpenAIEmbeddings({
      model: options.model,
      apiKey: options.apiKey ?? KEYLESS_PLACEHOLDER,
      // The OpenAI client asks for base64 unless told otherwise, which several compatible servers do not speak.
      encodingFormat: "float",
      timeout: options.timeoutMs,
      maxRetries: MAX_RETRIES,
      configuration: { baseURL: options.baseUrl },
    });
    super(`openai:${options.model}`, inner, { setting: "EMBEDDINGS=openai, OPENAI_BASE_URL, OPENAI_EMBEDDINGS_MODEL", where: options.baseUrl ?? "https://api.openai.com/v1" });
  }
}

/** Ollama's `/api/embed`. */
export class HostedOllamaEmbeddings extends HostedEmbeddings {
  constructor(options: HostedEmbeddingsOptions & { baseUrl: string }) {
    const inner = new OllamaEmbeddings({
      model: options.model,
      baseUrl: options.baseUrl,
      // Without it Ollama rejects a chunk longer than the model's context instead of embedding its start.
      truncate: true,
      maxRetries: MAX_RETRIES,
      fetch: (url, init) => fetch(url, { ...init, signal: withTimeout(init?.signal, options.timeoutMs) }),
    });
    super(`ollama:${options.model}`, inner, { setting: "EMBEDDINGS=ollama, OLLAMA_BASE_URL, OLLAMA_EMBEDDINGS_MODEL", where: options.baseUrl });
  }
}

function withTimeout(signal: AbortSignal | null | undefined, timeoutMs: number): AbortSignal {
  const deadline = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, deadline]) : deadline;
}

// OpenAI rejects an empty input, and a whitespace-only one has no meaning to embed.
function prepare(text: string): string {
  return text.trim() === "" ? "." : text;
}
