import http from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import {
  FAKE_TOKEN,
  guildCreate,
  ids,
  invalidFormBody,
  isGuildChannel,
  memberOf,
  messageObject,
  nextId,
  now,
  threadChannel,
  users,
  type FakeUser,
  type JsonObject,
  type SentBody,
} from "./discord-payloads.js";

export { FAKE_TOKEN, ids, users, wouldPing } from "./discord-payloads.js";
export type { SentBody } from "./discord-payloads.js";

/** One REST request the bot made. */
export interface RestCall {
  method: string;
  /** Decoded path without the `/api/v10` prefix, e.g. `/webhooks/1/tok/messages/@original`. */
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  /** The JSON body when it is an object, for reading message fields. */
  body: SentBody;
  json: unknown;
  /** The HTTP status the fake answered with, and the JSON it answered. */
  status: number;
  response: unknown;
}

export interface FakeDiscordOptions {
  /** Whether the Developer Portal granted the Message Content intent (application flag GATEWAY_MESSAGE_CONTENT). */
  messageContent?: boolean;
}

export interface UserMessageOptions {
  channel: string;
  content: string;
  author?: FakeUser;
  /** Makes the message a reply to this message (which Discord pings the author of, by default). */
  replyTo?: string;
}

export interface SlashCommandOptions {
  channel: string;
  question?: string;
  private?: boolean;
  user?: FakeUser;
}

export interface ButtonClickOptions {
  messageId: string;
  customId: string;
  user?: FakeUser;
}

type Failure = { match: (call: RestCall) => boolean; status: number; body: JsonObject; headers?: Record<string, string> };

const MESSAGE_CONTENT_INTENT = 1 << 15;
const APPLICATION_FLAG_GATEWAY_MESSAGE_CONTENT = 1 << 18;
/** MessageFlags.Ephemeral. */
export const EPHEMERAL = 1 << 6;

/**
 * A loopback stand-in for Discord: the REST API (`/api/v10`) and a JSON gateway on one port, enough for
 * a real discord.js Client to log in, receive messages and interactions, answer them, resume, and hit limits.
 */
export class FakeDiscord {
  readonly calls: RestCall[] = [];
  /** Gateway opcodes the client sent: 2 identify, 6 resume, 1 heartbeat. */
  readonly gatewayOps: number[] = [];
  identifyIntents: number | undefined;

  readonly #server: http.Server;
  readonly #wss: WebSocketServer;
  readonly #options: FakeDiscordOptions;
  readonly #messages = new Map<string, JsonObject>();
  readonly #threads = new Set<string>([ids.thread]);
  readonly #interactions = new Map<string, { channelId: string; originalId: string }>();
  readonly #failures: Failure[] = [];
  readonly #waiters: Array<{ match: (call: RestCall) => boolean; resolve: (call: RestCall) => void }> = [];
  readonly #gatewayWaiters: Array<{ op: number; resolve: () => void }> = [];
  #socket: WebSocket | undefined;
  #sequence = 0;
  /** Dispatches sent or queued since the last (re)connect, replayed on RESUME like Discord does. */
  #missed: JsonObject[] = [];
  #sessionId = "";

  private constructor(options: FakeDiscordOptions) {
    this.#options = options;
    this.#server = http.createServer((request, response) => this.#onRequest(request, response));
    this.#wss = new WebSocketServer({ server: this.#server, path: "/gateway" });
    this.#wss.on("connection", (socket) => this.#onConnection(socket));
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await new Promise<void>((resolve) => fake.#server.listen(0, "127.0.0.1", resolve));
    return fake;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /** What DISCORD_API_URL is set to; discord.js appends `/v10`. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** Resolves with the first request (already made or still to come) that matches. */
  waitForCall(match: (call: RestCall) => boolean): Promise<RestCall> {
    const seen = this.calls.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }

  /** Resolves when the client next sends this gateway opcode (6 for RESUME). */
  waitForGatewayOp(op: number): Promise<void> {
    return new Promise((resolve) => this.#gatewayWaiters.push({ op, resolve }));
  }

  /** Messages the bot posted (channel messages, interaction replies and follow-ups) in the order it sent them. */
  sentMessages(): RestCall[] {
    return this.calls.filter((call) => call.status < 300 && isMessageSend(call));
  }

  /** The next matching request is answered with 429 and a Retry-After, as Discord's rate limiter does. */
  rateLimitNext(match: (call: RestCall) => boolean, retryAfterSeconds = 0.05): void {
    this.#failures.push({
      match,
      status: 429,
      body: { message: "You are being rate limited.", retry_after: retryAfterSeconds, global: false },
      headers: {
        "retry-after": String(retryAfterSeconds),
        "x-ratelimit-limit": "5",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset-after": String(retryAfterSeconds),
        "x-ratelimit-bucket": "fake-bucket",
        "x-ratelimit-scope": "user",
      },
    });
  }

  /** The next matching request fails with this Discord error. */
  failNext(match: (call: RestCall) => boolean, status: number, code: number, message: string): void {
    this.#failures.push({ match, status, body: { code, message } });
  }

  /** A person (or another bot) posts a message; returns its id. */
  userMessage(options: UserMessageOptions): string {
    const author = options.author ?? users.human;
    const guild = isGuildChannel(options.channel, this.#threads);
    const mentioned = [...options.content.matchAll(/<@!?(\d+)>/g)].map((match) => match[1]).filter((id) => id === ids.bot);
    const extra: JsonObject = { mentions: mentioned.length > 0 ? [users.bot] : [] };
    if (options.content.includes("@everyone")) extra.mention_everyone = true;
    if (options.replyTo) {
      const referenced = this.#messages.get(options.replyTo);
      extra.type = 19;
      extra.message_reference = { message_id: options.replyTo, channel_id: options.channel, ...(guild ? { guild_id: ids.guild } : {}) };
      extra.referenced_message = referenced ?? null;
      // Replying pings the replied-to author unless the user switches it off.
      if (referenced) extra.mentions = [referenced.author];
    }
    const message = messageObject(options.channel, author, options.content, extra);
    this.#messages.set(String(message.id), message);
    this.dispatch("MESSAGE_CREATE", guild ? { ...message, guild_id: ids.guild, member: memberOf(author) } : { ...message, channel_type: 1 });
    return String(message.id);
  }

  /** Someone runs `/ask`; returns the interaction id. */
  slashCommand(options: SlashCommandOptions): string {
    const user = options.user ?? users.human;
    const commandOptions: JsonObject[] = [];
    if (options.question !== undefined) commandOptions.push({ name: "question", type: 3, value: options.question });
    if (options.private !== undefined) commandOptions.push({ name: "private", type: 5, value: options.private });
    return this.#interaction(options.channel, user, 2, { id: "600000000000000001", name: "ask", type: 1, options: commandOptions });
  }

  /** Someone clicks a button on a message the bot posted; returns the interaction id. */
  clickButton(options: ButtonClickOptions): string {
    const message = this.#messages.get(options.messageId);
    if (!message) throw new Error(`the fake has no message ${options.messageId}`);
    return this.#interaction(String(message.channel_id), options.user ?? users.human, 3, { custom_id: options.customId, component_type: 2 }, message);
  }

  /** Someone deletes a message; replies referencing it then fail unless they set fail_if_not_exists: false. */
  deleteMessage(messageId: string): void {
    const message = this.#messages.get(messageId);
    this.#messages.delete(messageId);
    if (message) this.dispatch("MESSAGE_DELETE", { id: messageId, channel_id: message.channel_id, ...(message.guild_id ? { guild_id: message.guild_id } : {}) });
  }

  /** Sends a gateway dispatch, or queues it for replay when the client is disconnected. */
  dispatch(type: string, data: JsonObject): void {
    this.#sequence += 1;
    const payload = { op: 0, t: type, s: this.#sequence, d: data };
    this.#missed.push(payload);
    if (this.#socket?.readyState === 1) this.#socket.send(JSON.stringify(payload));
  }

  /** Cuts the gateway connection without a close frame, like a network drop; the client should resume. */
  dropConnection(): void {
    this.#socket?.terminate();
    this.#socket = undefined;
    this.#missed = [];
  }

  async close(): Promise<void> {
    for (const client of this.#wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #interaction(channelId: string, user: FakeUser, type: number, data: JsonObject, message?: JsonObject): string {
    const id = nextId();
    const token = `itoken-${id}`;
    const guild = isGuildChannel(channelId, this.#threads);
    this.#interactions.set(token, { channelId, originalId: nextId() });
    const channel = guild
      ? { id: channelId, type: this.#threads.has(channelId) ? 11 : 0, guild_id: ids.guild, name: "channel", ...(this.#threads.has(channelId) ? { parent_id: ids.text } : {}) }
      : { id: channelId, type: 1 };
    this.dispatch("INTERACTION_CREATE", {
      id,
      application_id: ids.app,
      type,
      token,
      version: 1,
      channel_id: channelId,
      channel,
      app_permissions: "2147485696",
      locale: "en-US",
      entitlements: [],
      data,
      ...(message ? { message } : {}),
      ...(guild
        ? { guild_id: ids.guild, guild_locale: "en-US", context: 0, authorizing_integration_owners: { 0: ids.guild }, member: { ...memberOf(user), permissions: "2147485696" } }
        : { context: 1, authorizing_integration_owners: { 0: ids.guild }, user }),
    });
    return id;
  }

  #onConnection(socket: WebSocket): void {
    this.#socket = socket;
    const send = (payload: JsonObject) => socket.send(JSON.stringify(payload));
    send({ op: 10, d: { heartbeat_interval: 41_250 } });
    socket.on("message", (raw) => {
      const payload = JSON.parse(raw.toString()) as { op: number; d: JsonObject };
      this.gatewayOps.push(payload.op);
      if (payload.op === 1) send({ op: 11 });
      if (payload.op === 2) this.#identify(socket, payload.d);
      if (payload.op === 6) this.#resume(socket, payload.d);
      for (const waiter of this.#gatewayWaiters.filter((candidate) => candidate.op === payload.op)) {
        this.#gatewayWaiters.splice(this.#gatewayWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
  }

  #identify(socket: WebSocket, data: JsonObject): void {
    this.identifyIntents = Number(data.intents);
    if (data.token !== FAKE_TOKEN) return socket.close(4004, "Authentication failed");
    if (!this.#options.messageContent && (this.identifyIntents & MESSAGE_CONTENT_INTENT) !== 0) return socket.close(4014, "Disallowed intent(s)");
    this.#sessionId = `session-${nextId()}`;
    this.#missed = [];
    this.dispatch("READY", {
      v: 10,
      user: { ...users.bot, verified: true, flags: 0 },
      guilds: [{ id: ids.guild, unavailable: true }],
      session_id: this.#sessionId,
      resume_gateway_url: `ws://127.0.0.1:${this.port}/gateway`,
      shard: [0, 1],
      application: { id: ids.app, flags: this.#applicationFlags() },
    });
    this.dispatch("GUILD_CREATE", guildCreate());
  }

  #resume(socket: WebSocket, data: JsonObject): void {
    if (data.token !== FAKE_TOKEN || data.session_id !== this.#sessionId) {
      socket.send(JSON.stringify({ op: 9, d: false }));
      return;
    }
    // Replays what the client missed while it was away, then confirms.
    const after = Number(data.seq);
    for (const payload of this.#missed) if (Number(payload.s) > after) socket.send(JSON.stringify(payload));
    this.dispatch("RESUMED", {});
  }

  #applicationFlags(): number {
    return this.#options.messageContent ? APPLICATION_FLAG_GATEWAY_MESSAGE_CONTENT : 0;
  }

  #onRequest(request: http.IncomingMessage, response: http.ServerResponse): void {
    let raw = "";
    request.on("data", (chunk: Buffer) => (raw += chunk.toString()));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://fake");
      const json: unknown = raw ? JSON.parse(raw) : undefined;
      const call: RestCall = {
        method: request.method ?? "GET",
        path: decodeURIComponent(url.pathname).replace(/^\/api\/v10/, ""),
        query: url.searchParams,
        authorization: request.headers.authorization,
        body: json !== null && typeof json === "object" && !Array.isArray(json) ? (json as SentBody) : {},
        json,
        status: 0,
        response: undefined,
      };
      const reply = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
        call.status = status;
        call.response = body;
        this.calls.push(call);
        response.writeHead(status, { "content-type": "application/json", ...headers });
        response.end(body === undefined ? undefined : JSON.stringify(body));
        for (const waiter of this.#waiters.filter((candidate) => candidate.match(call))) {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          waiter.resolve(call);
        }
      };
      const failure = this.#failures.find((candidate) => candidate.match(call));
      if (failure) {
        this.#failures.splice(this.#failures.indexOf(failure), 1);
        return reply(failure.status, failure.body, failure.headers);
      }
      this.#route(call, reply);
    });
  }

  #route(call: RestCall, reply: (status: number, body?: unknown, headers?: Record<string, string>) => void): void {
    const { method, path } = call;
    const isBot = call.authorization === `Bot ${FAKE_TOKEN}`;
    let match: RegExpMatchArray | null;
    if (method === "GET" && path === "/gateway/bot") {
      if (!isBot) return reply(401, { message: "401: Unauthorized", code: 0 });
      return reply(200, { url: `ws://127.0.0.1:${this.port}/gateway`, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 } });
    }
    if (method === "GET" && path === "/applications/@me") {
      if (!isBot) return reply(401, { message: "401: Unauthorized", code: 0 });
      return reply(200, { id: ids.app, name: "citebot", flags: this.#applicationFlags(), bot_public: false });
    }
    if (method === "PUT" && (match = path.match(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/))) {
      if (!isBot) return reply(401, { message: "401: Unauthorized", code: 0 });
      if (match[1] !== ids.app) return reply(404, { message: "Unknown Application", code: 10002 });
      const commands = Array.isArray(call.json) ? (call.json as JsonObject[]) : [];
      return reply(200, commands.map((command) => ({ ...command, id: nextId(), application_id: ids.app, version: nextId(), ...(match?.[2] ? { guild_id: match[2] } : {}) })));
    }
    if (method === "POST" && (match = path.match(/^\/channels\/(\d+)\/typing$/))) return reply(204);
    if (method === "POST" && (match = path.match(/^\/channels\/(\d+)\/messages\/(\d+)\/threads$/))) {
      const [, parentId = "", messageId = ""] = match;
      // A thread started off a message takes that message's id.
      const thread = threadChannel(messageId, parentId, call.body.name ?? "thread", ids.bot);
      this.#threads.add(messageId);
      this.dispatch("THREAD_CREATE", { ...thread, newly_created: true });
      return reply(201, thread);
    }
    if (method === "POST" && (match = path.match(/^\/channels\/(\d+)\/messages$/))) {
      const channelId = match[1] ?? "";
      const invalid = invalidFormBody(call.body) ?? emptyMessage(call.body);
      if (invalid) return reply(400, invalid);
      let reference = call.body.message_reference;
      if (reference?.message_id && !this.#messages.has(reference.message_id)) {
        if ((call.json as { message_reference?: { fail_if_not_exists?: boolean } }).message_reference?.fail_if_not_exists !== false) {
          return reply(400, { code: 50035, message: "Invalid Form Body", errors: { message_reference: { _errors: [{ code: "REPLIES_UNKNOWN_MESSAGE", message: "Unknown message" }] } } });
        }
        reference = undefined;
      }
      const message = this.#storeSent(channelId, { ...call.body, message_reference: reference }, reference ? { type: 19 } : {});
      const guild = isGuildChannel(channelId, this.#threads);
      // Discord echoes the bot's own messages back over the gateway; the bot must ignore them.
      this.dispatch("MESSAGE_CREATE", guild ? { ...message, guild_id: ids.guild, member: memberOf(users.bot) } : { ...message, channel_type: 1 });
      return reply(200, message, { "x-ratelimit-limit": "5", "x-ratelimit-remaining": "4", "x-ratelimit-reset-after": "5", "x-ratelimit-bucket": "fake-bucket" });
    }
    if (method === "POST" && (match = path.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/))) {
      if (!this.#interactions.has(match[2] ?? "")) return reply(404, { message: "Unknown interaction", code: 10062 });
      const data = (call.json as { data?: SentBody } | undefined)?.data;
      const invalid = data ? invalidFormBody(data) : undefined;
      if (invalid) return reply(400, invalid);
      return reply(204);
    }
    if ((match = path.match(/^\/webhooks\/(\d+)\/([^/]+)(\/messages\/@original)?$/))) {
      const interaction = this.#interactions.get(match[2] ?? "");
      if (!interaction) return reply(404, { message: "Unknown Webhook", code: 10015 });
      const invalid = invalidFormBody(call.body);
      if (invalid) return reply(400, invalid);
      if (method === "PATCH" && match[3]) {
        const message = this.#storeSent(interaction.channelId, call.body, { id: interaction.originalId, application_id: ids.app, webhook_id: ids.app });
        return reply(200, message);
      }
      if (method === "POST" && !match[3]) return reply(200, this.#storeSent(interaction.channelId, call.body, { application_id: ids.app, webhook_id: ids.app }));
    }
    reply(404, { message: "404: Not Found", code: 0 });
  }

  #storeSent(channelId: string, body: SentBody, extra: JsonObject): JsonObject {
    const message = messageObject(channelId, users.bot, body.content ?? "", {
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      flags: body.flags ?? 0,
      ...(body.message_reference ? { message_reference: { ...body.message_reference, channel_id: channelId } } : {}),
      edited_timestamp: null,
      timestamp: now(),
      ...extra,
    });
    this.#messages.set(String(message.id), message);
    return message;
  }
}

function emptyMessage(body: SentBody): JsonObject | undefined {
  const empty = !body.content && (body.embeds ?? []).length === 0;
  return empty ? { code: 50006, message: "Cannot send an empty message" } : undefined;
}

function isMessageSend(call: RestCall): boolean {
  return (
    (call.method === "POST" && /^\/channels\/\d+\/messages$/.test(call.path)) ||
    (call.method === "PATCH" && /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/.test(call.path)) ||
    (call.method === "POST" && /^\/webhooks\/\d+\/[^/]+$/.test(call.path)) ||
    (call.method === "POST" && /^\/interactions\/\d+\/[^/]+\/callback$/.test(call.path))
  );
}
