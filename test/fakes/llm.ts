import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";

/** One request the fake received, with its JSON body. */
export interface LlmRequest {
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

/** What the fake does with one chat request. */
export type ChatReply =
  /** A normal reply whose message content is `content` (streamed in pieces when the client asks to stream). */
  | { content: string }
  /** An HTTP error with the provider's error body. */
  | { status: number; message: string }
  /** Never answers; the request stays open until the client gives up. */
  | { hang: true };

export type ChatScript = (request: LlmRequest) => ChatReply;

export interface FakeLlmOptions {
  /** Length of the pseudo-embeddings. */
  dimension?: number;
}

/**
 * A loopback stand-in for LLM endpoints: OpenAI-compatible `/v1/chat/completions` and `/v1/embeddings`,
 * and Ollama's `/api/chat` and `/api/embed`. Chat replies are scripted per test; embeddings are a
 * deterministic hashed bag of words (deliberately not unit length, as some servers return).
 */
export interface FakeLlm {
  /** Base for OPENAI_BASE_URL. */
  openAIBaseUrl: string;
  /** Base for OLLAMA_BASE_URL. */
  ollamaBaseUrl: string;
  /** Every request received, in order. */
  requests: LlmRequest[];
  chatRequests(): LlmRequest[];
  embeddingRequests(): LlmRequest[];
  /** Sets how chat requests are answered (default: a 500 saying nothing was scripted). */
  scriptChat(script: ChatScript): void;
  /** Resolves with the first chat request received, past or future. */
  waitForChatRequest(): Promise<LlmRequest>;
  /** Resolves once the client has abandoned `request`, which the fake was holding open (a `hang` reply). */
  abandoned(request: LlmRequest): Promise<void>;
  /** Answers requests bearing this API key with a 401 that quotes the key back, as some gateways do. */
  rejectApiKey(key: string): void;
  /** Forgets recorded requests, between tests. */
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeLlm(options: FakeLlmOptions = {}): Promise<FakeLlm> {
  const dimension = options.dimension ?? 64;
  const requests: LlmRequest[] = [];
  const rejectedKeys = new Set<string>();
  let script: ChatScript = () => ({ status: 500, message: "no chat reply scripted" });
  const abandonedWaiters = new Map<LlmRequest, () => void>();
  const abandonedRequests = new WeakSet<LlmRequest>();
  const chatWaiters: Array<(request: LlmRequest) => void> = [];
  const isChat = (request: LlmRequest) => request.path === "/v1/chat/completions" || request.path === "/api/chat";

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request: LlmRequest = { path: (req.url ?? "").split("?")[0] ?? "", authorization: req.headers.authorization, body: parseBody(Buffer.concat(chunks)) };
      requests.push(request);
      if (isChat(request)) for (const waiter of chatWaiters.splice(0)) waiter(request);
      const key = request.authorization?.replace(/^Bearer\s+/i, "");
      if (key && rejectedKeys.has(key)) return sendJson(res, 401, { error: { message: `Incorrect API key provided: ${key}`, type: "invalid_request_error", code: "invalid_api_key" } });
      switch (request.path) {
        case "/v1/chat/completions":
          return replyToChat(res, request, script(request), "openai", () => markAbandoned(request));
        case "/api/chat":
          return replyToChat(res, request, script(request), "ollama", () => markAbandoned(request));
        case "/v1/embeddings":
          return sendJson(res, 200, openAIEmbeddings(request.body, dimension));
        case "/api/embed":
          return sendJson(res, 200, { model: request.body.model, embeddings: inputs(request.body).map((text) => pseudoEmbedding(text, dimension)) });
        default:
          return sendJson(res, 404, { error: `the fake does not serve ${request.path}` });
      }
    });
  });

  function markAbandoned(request: LlmRequest): void {
    abandonedRequests.add(request);
    abandonedWaiters.get(request)?.();
    abandonedWaiters.delete(request);
  }

  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  return {
    openAIBaseUrl: `${base}/v1`,
    ollamaBaseUrl: base,
    requests,
    chatRequests: () => requests.filter(isChat),
    embeddingRequests: () => requests.filter((request) => request.path === "/v1/embeddings" || request.path === "/api/embed"),
    scriptChat(next) {
      script = next;
    },
    waitForChatRequest() {
      const past = requests.find(isChat);
      if (past) return Promise.resolve(past);
      return new Promise((resolve) => chatWaiters.push(resolve));
    },
    abandoned(request) {
      if (abandonedRequests.has(request)) return Promise.resolve();
      return new Promise((resolve) => abandonedWaiters.set(request, resolve));
    },
    rejectApiKey(key) {
      rejectedKeys.add(key);
    },
    reset() {
      requests.length = 0;
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}

/** Every `fetch` a test's code made; anything not addressed to 127.0.0.1 is refused, not sent. */
export interface NetworkGuard {
  urls: string[];
  /** URLs that were refused because they would have left the machine. */
  refused(): string[];
  restore(): void;
}

/**
 * Replaces global `fetch` (which the OpenAI and Ollama clients use) with one that lets only loopback requests
 * through and records every URL, so a test can assert that nothing reached the internet.
 */
export function guardNetwork(): NetworkGuard {
  const original = globalThis.fetch;
  const urls: string[] = [];
  const isLoopback = (url: string) => new URL(url).hostname === "127.0.0.1";
  globalThis.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    urls.push(url);
    if (!isLoopback(url)) return Promise.reject(new TypeError(`test network guard: refused ${url}`));
    return original(input, init);
  };
  return {
    urls,
    refused: () => urls.filter((url) => !isLoopback(url)),
    restore() {
      globalThis.fetch = original;
    },
  };
}

/** Deterministic, not normalised: counts of hashed lower-case words, so shared words mean similar vectors. */
export function pseudoEmbedding(text: string, dimension: number): number[] {
  const vector: number[] = Array.from({ length: dimension }, () => 0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    if (word.length < 3) continue;
    let hash = 2166136261;
    for (const char of word) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
    const slot = (hash >>> 0) % dimension;
    vector[slot] = (vector[slot] ?? 0) + 1;
  }
  // An empty or all-short text still gets a direction rather than a zero vector.
  if (!vector.some((value) => value !== 0)) vector[0] = 1;
  return vector;
}

function replyToChat(res: http.ServerResponse, request: LlmRequest, reply: ChatReply, flavour: "openai" | "ollama", onAbandoned: () => void): void {
  if ("hang" in reply) {
    res.on("close", onAbandoned);
    return;
  }
  if ("status" in reply) {
    sendJson(res, reply.status, flavour === "openai" ? { error: { message: reply.message, type: "server_error", code: null } } : { error: reply.message });
    return;
  }
  const model = String(request.body.model ?? "fake-model");
  // Ollama's /api/chat streams unless told not to; OpenAI's streams only when asked.
  const streamed = flavour === "ollama" ? request.body.stream !== false : request.body.stream === true;
  if (!streamed) {
    sendJson(res, 200, flavour === "openai" ? openAICompletion(model, reply.content) : ollamaMessage(model, reply.content, true));
    return;
  }
  const pieces = splitIntoPieces(reply.content);
  if (flavour === "openai") {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    pieces.forEach((piece, i) => res.write(`data: ${JSON.stringify(openAIChunk(model, i === 0 ? { role: "assistant", content: piece } : { content: piece }, null))}\n\n`));
    res.write(`data: ${JSON.stringify(openAIChunk(model, {}, "stop"))}\n\n`);
    res.end("data: [DONE]\n\n");
  } else {
    res.writeHead(200, { "content-type": "application/x-ndjson" });
    for (const piece of pieces) res.write(`${JSON.stringify(ollamaMessage(model, piece, false))}\n`);
    res.end(`${JSON.stringify(ollamaMessage(model, "", true))}\n`);
  }
}

function splitIntoPieces(content: string): string[] {
  const pieces = content.match(/[\s\S]{1,12}/g) ?? [""];
  return pieces;
}

function openAICompletion(model: string, content: string): Record<string, unknown> {
  return {
    id: "chatcmpl-fake",
    object: "chat.completion",
    created: 1_700_000_000,
    model,
    choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, logprobs: null, finish_reason: "stop" }],
    usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  };
}

function openAIChunk(model: string, delta: Record<string, unknown>, finishReason: string | null): Record<string, unknown> {
  return { id: "chatcmpl-fake", object: "chat.completion.chunk", created: 1_700_000_000, model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] };
}

function ollamaMessage(model: string, content: string, done: boolean): Record<string, unknown> {
  return {
    model,
    created_at: "2024-01-01T00:00:00Z",
    message: { role: "assistant", content },
    done,
    ...(done ? { done_reason: "stop", total_duration: 1, prompt_eval_count: 10, eval_count: 10 } : {}),
  };
}

function openAIEmbeddings(body: Record<string, unknown>, dimension: number): Record<string, unknown> {
  const base64 = body.encoding_format === "base64";
  return {
    object: "list",
    model: body.model,
    data: inputs(body).map((text, index) => {
      const vector = pseudoEmbedding(text, dimension);
      return { object: "embedding", index, embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector };
    }),
    usage: { prompt_tokens: 1, total_tokens: 1 },
  };
}

function inputs(body: Record<string, unknown>): string[] {
  const input = body.input;
  if (Array.isArray(input)) return input.map(String);
  return [String(input ?? "")];
}

function parseBody(raw: Buffer): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(raw.toString("utf8") || "{}");
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
