import { EventEmitter, once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { parse as parseQuery } from "node:querystring";
import { type WebSocket, WebSocketServer } from "ws";

/** One Web API call the fake received; JSON-encoded form fields (blocks, prompts, metadata) are decoded. */
export interface ApiCall {
  /** When the call arrived (epoch ms). */
  at: number;
  /** The HTTP status the fake answered with. */
  status?: number;
  /** The body the fake answered with (`ok`, `error`, a posted message's `ts`…). */
  response?: Record<string, unknown>;
  method: string;
  authorization: string | undefined;
  args: Record<string, unknown>;
}

/** One POST to a `response_url` (what `respond()` sends for commands and button clicks). */
export interface ResponsePost {
  path: string;
  body: Record<string, unknown>;
}

export interface ScriptedResponse {
  status?: number;
  headers?: Record<string, string>;
  body: Record<string, unknown>;
}

/** The bot scopes slack-app-manifest.yaml grants; the fake's tokens carry them unless a test says otherwise. */
export const MANIFEST_SCOPES = ["app_mentions:read", "chat:write", "chat:write.public", "commands", "reactions:write", "im:history", "mpim:history", "channels:history", "groups:history", "assistant:write"];

export interface FakeSlackOptions {
  /** Scopes reported for the bot token (Slack's x-oauth-scopes header on every answer). */
  scopes?: string[];
}

export const FAKE_TEAM = "T0000001";
export const FAKE_BOT_USER = "UBOT0001";
export const FAKE_BOT_ID = "BBOT0001";

// The same limits Slack enforces, so a message the adapter builds too big fails here as it would there.
const SECTION_TEXT_MAX = 3_000;
const BLOCKS_MAX = 50;
const TEXT_MAX = 40_000;

/**
 * A loopback stand-in for Slack: the Web API under `/api/`, `response_url` sinks under `/response/`,
 * and the Socket Mode WebSocket under `/link/`. Every request is recorded and can be awaited.
 */
export interface FakeSlack {
  /** Base for SLACK_API_URL. */
  apiUrl: string;
  /** A fresh response_url on this fake. */
  responseUrl(id: string): string;
  calls: ApiCall[];
  responsePosts: ResponsePost[];
  /** Makes the next call to `method` get this response instead of the normal one. */
  failNext(method: string, response: ScriptedResponse): void;
  /** Overrides the normal response of `method` until the fake closes. */
  respondTo(method: string, handler: (args: Record<string, unknown>) => ScriptedResponse): void;
  /**
   * Like an outage: until the returned function is called, each call to `method` gets what `respond` returns for it
   * (undefined lets that call through as normal, so an outage can hit one channel or one kind of message).
   */
  outage(method: string, respond: ScriptedResponse | ((args: Record<string, unknown>) => ScriptedResponse | undefined)): () => void;
  /** Messages the bot posted, as `conversations.replies` returns them. */
  posted: PostedMessage[];
  /** Resolves with the first recorded call (past or future) to `method` that matches. */
  waitForCall(method: string, matches?: (call: ApiCall) => boolean): Promise<ApiCall>;
  /** Resolves with the first recorded call (past or future), to any method, that matches. */
  waitForAnyCall(matches: (call: ApiCall) => boolean): Promise<ApiCall>;
  waitForResponsePost(matches?: (post: ResponsePost) => boolean): Promise<ResponsePost>;
  callsTo(method: string): ApiCall[];
  socket: {
    /** Resolves once Bolt's Socket Mode client has connected and been greeted. */
    connected(): Promise<void>;
    /** Sends an envelope to the connected client and resolves with its ack. */
    send(envelope: Record<string, unknown> & { envelope_id: string }): Promise<Record<string, unknown>>;
  };
  close(): Promise<void>;
}

export interface PostedMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  user: string;
  bot_id: string;
  text: string;
  /** Message metadata as posted (Slack returns it with include_all_metadata). */
  metadata?: unknown;
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const scopes = (options.scopes ?? MANIFEST_SCOPES).join(",");
  const outages: Array<{ method: string; respond: (args: Record<string, unknown>) => ScriptedResponse | undefined }> = [];
  const posted: PostedMessage[] = [];
  const events = new EventEmitter();
  const calls: ApiCall[] = [];
  const responsePosts: ResponsePost[] = [];
  const scripted = new Map<string, ScriptedResponse[]>();
  const overrides = new Map<string, (args: Record<string, unknown>) => ScriptedResponse>();
  let ts = 1_700_000_000;
  let client: WebSocket | undefined;
  const acks = new Map<string, Record<string, unknown>>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const url = req.url ?? "/";
      let call: ApiCall | undefined;
      const reply = ({ status = 200, headers = {}, body }: ScriptedResponse) => {
        if (call) {
          call.status = status;
          call.response = body;
          calls.push(call);
          events.emit("call", call);
        }
        res.writeHead(status, { "content-type": "application/json", "x-oauth-scopes": scopes, ...headers });
        res.end(JSON.stringify(body));
      };
      if (url.startsWith("/response/")) {
        const post = { path: url, body: JSON.parse(raw || "{}") as Record<string, unknown> };
        responsePosts.push(post);
        events.emit("response", post);
        const invalid = checkMessage(post.body);
        reply(invalid ? { ...invalid, status: 400 } : { body: { ok: true } });
        return;
      }
      const method = url.replace(/^\/api\//, "").split("?")[0] ?? "";
      call = { at: Date.now(), method, authorization: req.headers.authorization, args: decodeArgs(raw, req.headers["content-type"]) };
      for (const outage of outages.filter((candidate) => candidate.method === method)) {
        const down = outage.respond(call.args);
        if (down) return reply(down);
      }
      const next = scripted.get(method)?.shift();
      if (next) return reply(next);
      const override = overrides.get(method);
      if (override) return reply(override(call.args));
      reply(normalResponse(method, call.args));
    });
  });

  function normalResponse(method: string, args: Record<string, unknown>): ScriptedResponse {
    switch (method) {
      case "auth.test":
        return { body: { ok: true, url: "https://fake.slack.com/", team: "Fake", user: "citebot", team_id: FAKE_TEAM, user_id: FAKE_BOT_USER, bot_id: FAKE_BOT_ID } };
      case "apps.connections.open":
        return { body: { ok: true, url: `ws://127.0.0.1:${port()}/link/?ticket=t1` } };
      case "chat.postMessage":
      case "chat.postEphemeral": {
        const invalid = checkMessage(args);
        if (invalid) return invalid;
        const messageTs = `${++ts}.000100`;
        if (method === "chat.postMessage") {
          const threadTs = typeof args.thread_ts === "string" ? args.thread_ts : undefined;
          posted.push({ channel: String(args.channel), ts: messageTs, thread_ts: threadTs, user: FAKE_BOT_USER, bot_id: FAKE_BOT_ID, text: String(args.text ?? ""), ...(args.metadata !== undefined ? { metadata: args.metadata } : {}) });
        }
        return { body: { ok: true, channel: args.channel, ts: messageTs, message_ts: messageTs } };
      }
      case "conversations.replies": {
        const inThread = posted.filter((message) => message.channel === args.channel && (message.thread_ts === args.ts || message.ts === args.ts));
        return { body: { ok: true, messages: inThread, has_more: false } };
      }
      case "chat.update": {
        const invalid = checkMessage(args);
        if (invalid) return invalid;
        return { body: { ok: true, channel: args.channel, ts: args.ts } };
      }
      case "chat.delete":
        return { body: { ok: true, channel: args.channel, ts: args.ts } };
      case "reactions.add":
      case "reactions.remove":
      case "assistant.threads.setStatus":
      case "assistant.threads.setSuggestedPrompts":
      case "assistant.threads.setTitle":
        return { body: { ok: true } };
      case "chat.getPermalink":
        return { body: { ok: true, channel: args.channel, permalink: `https://fake.slack.test/archives/${String(args.channel)}/p${String(args.message_ts).replace(".", "")}` } };
      default:
        return { body: { ok: false, error: "unknown_method" } };
    }
  }

  const wss = new WebSocketServer({ server, path: "/link/" });
  wss.on("connection", (socket) => {
    client = socket;
    socket.on("message", (data) => {
      const ack = JSON.parse(data.toString()) as Record<string, unknown>;
      if (typeof ack.envelope_id === "string") {
        acks.set(ack.envelope_id, ack);
        events.emit(`ack:${ack.envelope_id}`, ack);
      }
    });
    socket.send(JSON.stringify({ type: "hello", num_connections: 1, debug_info: { host: "fake", approximate_connection_time: 18_060 }, connection_info: { app_id: "A0000001" } }));
    events.emit("socket");
  });

  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = () => (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port()}`;

  function waitFor<T>(list: T[], event: string, matches: (item: T) => boolean): Promise<T> {
    const found = list.find(matches);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => {
      const listener = (item: T) => {
        if (!matches(item)) return;
        events.off(event, listener);
        resolve(item);
      };
      events.on(event, listener);
    });
  }

  return {
    apiUrl: `${base}/api/`,
    responseUrl: (id) => `${base}/response/${id}`,
    calls,
    responsePosts,
    failNext(method, response) {
      scripted.set(method, [...(scripted.get(method) ?? []), response]);
    },
    respondTo(method, handler) {
      overrides.set(method, handler);
    },
    outage(method, respond) {
      const outage = { method, respond: typeof respond === "function" ? respond : () => respond };
      outages.push(outage);
      return () => {
        const index = outages.indexOf(outage);
        if (index >= 0) outages.splice(index, 1);
      };
    },
    posted,
    waitForCall: (method, matches = () => true) => waitFor(calls, "call", (call) => call.method === method && matches(call)),
    waitForAnyCall: (matches) => waitFor(calls, "call", matches),
    waitForResponsePost: (matches = () => true) => waitFor(responsePosts, "response", matches),
    callsTo: (method) => calls.filter((call) => call.method === method),
    socket: {
      async connected() {
        if (!client) await once(events, "socket");
      },
      async send(envelope) {
        if (!client) throw new Error("no Socket Mode client is connected");
        const acked = acks.has(envelope.envelope_id) ? Promise.resolve([acks.get(envelope.envelope_id)]) : once(events, `ack:${envelope.envelope_id}`);
        client.send(JSON.stringify(envelope));
        const [ack] = (await acked) as [Record<string, unknown>];
        return ack;
      },
    },
    async close() {
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      events.removeAllListeners();
    },
  };
}

function decodeArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.startsWith("application/json")) return JSON.parse(raw) as Record<string, unknown>;
  const form = parseQuery(raw);
  const args: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(form)) {
    const text = Array.isArray(value) ? value[0] : value;
    args[key] = typeof text === "string" && /^[[{]/.test(text) ? JSON.parse(text) : text;
  }
  return args;
}

/** Slack's answer to a message that breaks its limits, or undefined when it is acceptable. */
function checkMessage(args: Record<string, unknown>): ScriptedResponse | undefined {
  if (typeof args.text === "string" && args.text.length > TEXT_MAX) return { body: { ok: false, error: "msg_too_long" } };
  const blocks = args.blocks;
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks) || blocks.length > BLOCKS_MAX) return { body: { ok: false, error: "invalid_blocks" } };
  for (const block of blocks as Array<{ type?: string; text?: { text?: string } }>) {
    if (block.type === "section" && (block.text?.text?.length ?? 0) > SECTION_TEXT_MAX) return { body: { ok: false, error: "invalid_blocks" } };
  }
  return undefined;
}
