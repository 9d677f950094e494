import type http from "node:http";
import { WebSocketServer, type WebSocket } from "ws";
import { FAKE_TOKEN, GUILDS, guildCreate, ids, nextId, shardOf, users, type JsonObject } from "./discord-payloads.js";

const MESSAGE_CONTENT_INTENT = 1 << 15;
const HELLO = 10;
const HEARTBEAT = 1;
const HEARTBEAT_ACK = 11;
const IDENTIFY = 2;
const RESUME = 6;
const INVALID_SESSION = 9;

export interface FakeGatewayOptions {
  /** Whether the application was granted the Message Content intent; if not, asking for it gets 4014. */
  messageContent: boolean;
  applicationFlags: number;
}

/** One shard's connection: Discord keeps a session, sequence and replay buffer per shard. */
interface ShardSession {
  socket: WebSocket | undefined;
  sequence: number;
  /** Dispatches since the session started or the connection dropped, replayed on RESUME like Discord does. */
  missed: JsonObject[];
  sessionId: string;
  count: number;
}

/** Where a dispatch goes: Discord sends a server's events to shard `(guild_id >> 22) % shard_count`, DMs to shard 0. */
function guildIdOf(type: string, data: unknown): string | undefined {
  if (data === null || typeof data !== "object") return undefined;
  const fields = data as JsonObject;
  if (typeof fields.guild_id === "string") return fields.guild_id;
  return type.startsWith("GUILD_") && typeof fields.id === "string" ? fields.id : undefined;
}

/**
 * Discord's gateway (JSON encoding, no compression): HELLO, IDENTIFY → READY + GUILD_CREATE, RESUME with replay,
 * dispatches. IDENTIFY's `shard: [id, count]` (default [0, 1]) opens that shard's session; each server's events go
 * to its shard only.
 */
export class FakeGateway {
  /** Opcodes the client sent: 2 identify, 6 resume, 1 heartbeat. */
  readonly ops: number[] = [];
  /** The `shard` of each IDENTIFY, in order. */
  readonly identified: Array<[number, number]> = [];
  /** Which shard each dispatch was sent to (or kept for), in order. */
  readonly routed: Array<{ type: string; shard: number; guildId?: string }> = [];
  /** While true, every connection is cut as soon as it opens, like a gateway that cannot be reached. */
  refuse = false;
  refused = 0;
  identifyIntents: number | undefined;

  readonly #wss: WebSocketServer;
  readonly #options: FakeGatewayOptions;
  readonly #url: () => string;
  readonly #waiters: Array<{ op: number; resolve: () => void }> = [];
  readonly #identifyWaiters: Array<{ shard: number; resolve: () => void }> = [];
  readonly #sessions = new Map<number, ShardSession>();

  constructor(server: http.Server, url: () => string, options: FakeGatewayOptions) {
    this.#options = options;
    this.#url = url;
    this.#wss = new WebSocketServer({ server, path: "/gateway" });
    this.#wss.on("connection", (socket) => this.#onConnection(socket));
  }

  /** Resolves when the client next sends this opcode (6 for RESUME). */
  waitForOp(op: number): Promise<void> {
    return new Promise((resolve) => this.#waiters.push({ op, resolve }));
  }

  /** Resolves once this shard has identified (already or still to come) and been sent READY. */
  waitForShard(shard: number): Promise<void> {
    if (this.identified.some(([id]) => id === shard)) return Promise.resolve();
    return new Promise((resolve) => this.#identifyWaiters.push({ shard, resolve }));
  }

  /**
   * Sends a dispatch to the shard its server belongs to (or `shard`, to route it elsewhere, as after a re-shard), or
   * keeps it for replay while that shard is disconnected; returns its sequence number.
   */
  dispatch(type: string, data: unknown, shard?: number): number {
    const guildId = guildIdOf(type, data);
    const target = shard ?? this.#shardFor(guildId);
    const session = this.#session(target);
    session.sequence += 1;
    const payload = { op: 0, t: type, s: session.sequence, d: data };
    session.missed.push(payload);
    this.routed.push({ type, shard: target, ...(guildId ? { guildId } : {}) });
    if (session.socket?.readyState === 1) session.socket.send(JSON.stringify(payload));
    return session.sequence;
  }

  /** Cuts every connection without a close frame, like a network drop. */
  drop(): void {
    for (const session of this.#sessions.values()) {
      session.socket?.terminate();
      session.socket = undefined;
      session.missed = [];
    }
  }

  async close(): Promise<void> {
    for (const client of this.#wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  /** The shard count the client identified with; 1 before any IDENTIFY. */
  get #shardCount(): number {
    return this.identified.at(-1)?.[1] ?? 1;
  }

  #shardFor(guildId: string | undefined): number {
    return guildId ? shardOf(guildId, this.#shardCount) : 0;
  }

  #session(shard: number): ShardSession {
    let session = this.#sessions.get(shard);
    if (!session) {
      session = { socket: undefined, sequence: 0, missed: [], sessionId: "", count: this.#shardCount };
      this.#sessions.set(shard, session);
    }
    return session;
  }

  #onConnection(socket: WebSocket): void {
    if (this.refuse) {
      this.refused += 1;
      socket.terminate();
      return;
    }
    const send = (payload: JsonObject) => socket.send(JSON.stringify(payload));
    send({ op: HELLO, d: { heartbeat_interval: 41_250 } });
    socket.on("message", (raw) => {
      const payload = JSON.parse(raw.toString()) as { op: number; d: JsonObject };
      this.ops.push(payload.op);
      if (payload.op === HEARTBEAT) send({ op: HEARTBEAT_ACK });
      if (payload.op === IDENTIFY) this.#identify(socket, payload.d);
      if (payload.op === RESUME) this.#resume(socket, payload.d);
      for (const waiter of this.#waiters.filter((candidate) => candidate.op === payload.op)) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
  }

  #identify(socket: WebSocket, data: JsonObject): void {
    this.identifyIntents = Number(data.intents);
    if (data.token !== FAKE_TOKEN) return socket.close(4004, "Authentication failed");
    if (!this.#options.messageContent && (this.identifyIntents & MESSAGE_CONTENT_INTENT) !== 0) return socket.close(4014, "Disallowed intent(s)");
    const [id, count] = Array.isArray(data.shard) ? data.shard.map(Number) : [0, 1];
    if (id === undefined || count === undefined || !(id >= 0 && id < count)) return socket.close(4010, "Invalid shard");
    this.identified.push([id, count]);
    const session = this.#session(id);
    session.socket?.terminate();
    Object.assign(session, { socket, sequence: 0, missed: [], sessionId: `session-${nextId()}`, count });
    const guilds = GUILDS.filter((guild) => shardOf(guild, count) === id);
    this.dispatch("READY", {
      v: 10,
      user: { ...users.bot, verified: true, flags: 0 },
      guilds: guilds.map((guild) => ({ id: guild, unavailable: true })),
      session_id: session.sessionId,
      resume_gateway_url: this.#url(),
      shard: [id, count],
      application: { id: ids.app, flags: this.#options.applicationFlags },
    }, id);
    for (const guild of guilds) this.dispatch("GUILD_CREATE", guildCreate(guild), id);
    for (const waiter of this.#identifyWaiters.filter((candidate) => candidate.shard === id)) {
      this.#identifyWaiters.splice(this.#identifyWaiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  #resume(socket: WebSocket, data: JsonObject): void {
    const session = [...this.#sessions.entries()].find(([, candidate]) => candidate.sessionId === data.session_id);
    if (data.token !== FAKE_TOKEN || !session) {
      socket.send(JSON.stringify({ op: INVALID_SESSION, d: false }));
      return;
    }
    const [id, state] = session;
    state.socket = socket;
    const after = Number(data.seq);
    for (const payload of state.missed) if (Number(payload.s) > after) socket.send(JSON.stringify(payload));
    this.dispatch("RESUMED", {}, id);
  }
}
