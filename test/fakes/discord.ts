import http from "node:http";
import type { AddressInfo } from "node:net";
import { FakeGateway } from "./discord-gateway.js";
import { routeRest, type FakeWorld, type RestCall } from "./discord-rest.js";
import { guildOf, ids, isGuildChannel, memberOf, messageObject, nextId, users, type FakeUser, type JsonObject, type SentBody } from "./discord-payloads.js";

export { FAKE_TOKEN, ids, users, wouldPing } from "./discord-payloads.js";
export type { RestCall } from "./discord-rest.js";
export type { SentBody } from "./discord-payloads.js";

export interface FakeDiscordOptions {
  /** Whether the Developer Portal granted the Message Content intent (application flag GATEWAY_MESSAGE_CONTENT). */
  messageContent?: boolean;
  /** The shard count GET /gateway/bot recommends (DISCORD_SHARDS=auto); 1 unless set. */
  recommendedShards?: number;
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
  /** Deliver the click to this shard rather than the one its server maps to (as after a change of shard count). */
  shard?: number;
}

type Failure = { match: (call: RestCall) => boolean; status: number; body: JsonObject; headers?: Record<string, string>; lasting?: boolean };

const APPLICATION_FLAG_GATEWAY_MESSAGE_CONTENT = 1 << 18;
/** MessageFlags.Ephemeral. */
export const EPHEMERAL = 1 << 6;

/**
 * A loopback stand-in for Discord: the REST API (`/api/v10`) and a JSON gateway on one port, enough for
 * a real discord.js Client to log in, receive messages and interactions, answer them, resume, and hit limits.
 */
export class FakeDiscord {
  readonly calls: RestCall[] = [];
  readonly gateway: FakeGateway;

  readonly #server: http.Server;
  readonly #world: FakeWorld;
  readonly #failures: Failure[] = [];
  readonly #waiters: Array<{ match: (call: RestCall) => boolean; resolve: (call: RestCall) => void }> = [];
  readonly #holds: Array<{ match: (call: RestCall) => boolean; arrived: () => void; released: Promise<void> }> = [];

  private constructor(options: FakeDiscordOptions) {
    const applicationFlags = options.messageContent ? APPLICATION_FLAG_GATEWAY_MESSAGE_CONTENT : 0;
    const gatewayUrl = () => `ws://127.0.0.1:${this.port}/gateway`;
    this.#server = http.createServer((request, response) => this.#onRequest(request, response));
    this.gateway = new FakeGateway(this.#server, gatewayUrl, { messageContent: Boolean(options.messageContent), applicationFlags });
    this.#world = {
      messages: new Map(),
      threads: new Set([ids.thread]),
      interactions: new Map(),
      applicationFlags,
      gatewayUrl,
      ...(options.recommendedShards ? { recommendedShards: options.recommendedShards } : {}),
      dispatch: (type, data) => this.gateway.dispatch(type, data),
    };
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

  /** Every matching request fails with this status until the returned function is called, like an outage. */
  failWhile(match: (call: RestCall) => boolean, status: number, body: JsonObject = { code: 0, message: "Internal Server Error" }): () => void {
    const failure: Failure = { match, status, body, lasting: true };
    this.#failures.push(failure);
    return () => {
      const index = this.#failures.indexOf(failure);
      if (index >= 0) this.#failures.splice(index, 1);
    };
  }

  /** Holds the next matching request unanswered until released; `arrived` resolves once it is being held. */
  holdNext(match: (call: RestCall) => boolean): { arrived: Promise<void>; release: () => void } {
    let arrived = () => {};
    let release = () => {};
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.#holds.push({ match, arrived, released });
    return { arrived: arrival, release };
  }

  /** A person (or another bot) posts a message; returns its id. */
  userMessage(options: UserMessageOptions): string {
    const author = options.author ?? users.human;
    const guild = isGuildChannel(options.channel, this.#world.threads);
    const mentioned = [...options.content.matchAll(/<@!?(\d+)>/g)].map((match) => match[1]).filter((id) => id === ids.bot);
    const extra: JsonObject = { mentions: mentioned.length > 0 ? [users.bot] : [] };
    if (options.content.includes("@everyone")) extra.mention_everyone = true;
    if (options.replyTo) {
      const referenced = this.#world.messages.get(options.replyTo);
      extra.type = 19;
      extra.message_reference = { message_id: options.replyTo, channel_id: options.channel, ...(guild ? { guild_id: guildOf(options.channel, this.#world.threads) } : {}) };
      extra.referenced_message = referenced ?? null;
      // Replying pings the replied-to author unless the user switches it off.
      if (referenced) extra.mentions = [referenced.author];
    }
    const message = messageObject(options.channel, author, options.content, extra);
    this.#world.messages.set(String(message.id), message);
    this.dispatch("MESSAGE_CREATE", guild ? { ...message, guild_id: guildOf(options.channel, this.#world.threads), member: memberOf(author) } : { ...message, channel_type: 1 });
    return String(message.id);
  }

  /** Someone runs `/ask`; returns the interaction id. */
  slashCommand(options: SlashCommandOptions): string {
    const payload = this.slashCommandPayload(options);
    this.dispatch("INTERACTION_CREATE", payload);
    return String(payload.id);
  }

  /** The INTERACTION_CREATE of an `/ask`, ready for its token to be answered, but not yet sent (a test may break it first). */
  slashCommandPayload(options: SlashCommandOptions): JsonObject {
    const user = options.user ?? users.human;
    const commandOptions: JsonObject[] = [];
    if (options.question !== undefined) commandOptions.push({ name: "question", type: 3, value: options.question });
    if (options.private !== undefined) commandOptions.push({ name: "private", type: 5, value: options.private });
    return this.#interactionPayload(options.channel, user, 2, { id: "600000000000000001", name: "ask", type: 1, options: commandOptions });
  }

  /** Someone clicks a button on a message the bot posted; returns the interaction id. */
  clickButton(options: ButtonClickOptions): string {
    const message = this.#world.messages.get(options.messageId);
    if (!message) throw new Error(`the fake has no message ${options.messageId}`);
    return this.#interaction(String(message.channel_id), options.user ?? users.human, 3, { custom_id: options.customId, component_type: 2 }, message, options.shard);
  }

  /** Someone deletes a message; replies referencing it then fail unless they set fail_if_not_exists: false. */
  deleteMessage(messageId: string): void {
    const message = this.#world.messages.get(messageId);
    this.#world.messages.delete(messageId);
    if (message) this.dispatch("MESSAGE_DELETE", { id: messageId, channel_id: message.channel_id, ...(message.guild_id ? { guild_id: message.guild_id } : {}) });
  }

  /** Sends a gateway dispatch to its server's shard (or `shard`), or keeps it for replay while that shard is disconnected; returns its sequence number. */
  dispatch(type: string, data: unknown, shard?: number): number {
    return this.gateway.dispatch(type, data, shard);
  }

  /** Cuts the gateway connection without a close frame, like a network drop; the client should resume. */
  dropConnection(): void {
    this.gateway.drop();
  }

  async close(): Promise<void> {
    await this.gateway.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #interaction(channelId: string, user: FakeUser, type: number, data: JsonObject, message?: JsonObject, shard?: number): string {
    const payload = this.#interactionPayload(channelId, user, type, data, message);
    this.dispatch("INTERACTION_CREATE", payload, shard);
    return String(payload.id);
  }

  #interactionPayload(channelId: string, user: FakeUser, type: number, data: JsonObject, message?: JsonObject): JsonObject {
    const id = nextId();
    const token = `itoken-${id}`;
    const guild = isGuildChannel(channelId, this.#world.threads);
    const guildId = guildOf(channelId, this.#world.threads) ?? ids.guild;
    this.#world.interactions.set(token, { channelId, originalId: nextId() });
    const channel = guild
      ? { id: channelId, type: this.#world.threads.has(channelId) ? 11 : 0, guild_id: guildId, name: "channel", ...(this.#world.threads.has(channelId) ? { parent_id: ids.text } : {}) }
      : { id: channelId, type: 1 };
    return {
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
        ? { guild_id: guildId, guild_locale: "en-US", context: 0, authorizing_integration_owners: { 0: guildId }, member: { ...memberOf(user), permissions: "2147485696" } }
        : { context: 1, authorizing_integration_owners: { 0: ids.guild }, user }),
    };
  }

  #onRequest(request: http.IncomingMessage, response: http.ServerResponse): void {
    let raw = "";
    request.on("data", (chunk: Buffer) => (raw += chunk.toString()));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://fake");
      const json: unknown = raw ? JSON.parse(raw) : undefined;
      const call: RestCall = {
        at: Date.now(),
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
        response.writeHead(status, body === undefined ? headers : { "content-type": "application/json", ...headers });
        response.end(body === undefined ? undefined : JSON.stringify(body));
        for (const waiter of this.#waiters.filter((candidate) => candidate.match(call))) {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          waiter.resolve(call);
        }
      };
      const failure = this.#failures.find((candidate) => candidate.match(call));
      if (failure) {
        if (!failure.lasting) this.#failures.splice(this.#failures.indexOf(failure), 1);
        return reply(failure.status, failure.body, failure.headers);
      }
      const hold = this.#holds.find((candidate) => candidate.match(call));
      if (hold) {
        this.#holds.splice(this.#holds.indexOf(hold), 1);
        hold.arrived();
        void hold.released.then(() => routeRest(call, this.#world, reply));
        return;
      }
      routeRest(call, this.#world, reply);
    });
  }
}

function isMessageSend(call: RestCall): boolean {
  return (
    (call.method === "POST" && /^\/channels\/\d+\/messages$/.test(call.path)) ||
    (call.method === "PATCH" && /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/.test(call.path)) ||
    (call.method === "POST" && /^\/webhooks\/\d+\/[^/]+$/.test(call.path)) ||
    (call.method === "POST" && /^\/interactions\/\d+\/[^/]+\/callback$/.test(call.path))
  );
}
