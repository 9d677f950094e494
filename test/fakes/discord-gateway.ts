import type http from "node:http";
import { WebSocketServer, type WebSocket } from "ws";
import { FAKE_TOKEN, guildCreate, ids, nextId, users, type JsonObject } from "./discord-payloads.js";

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

/** Discord's gateway (JSON encoding, no compression): HELLO, IDENTIFY → READY + GUILD_CREATE, RESUME with replay, dispatches. */
export class FakeGateway {
  /** Opcodes the client sent: 2 identify, 6 resume, 1 heartbeat. */
  readonly ops: number[] = [];
  /** While true, every connection is cut as soon as it opens, like a gateway that cannot be reached. */
  refuse = false;
  refused = 0;
  identifyIntents: number | undefined;

  readonly #wss: WebSocketServer;
  readonly #options: FakeGatewayOptions;
  readonly #url: () => string;
  readonly #waiters: Array<{ op: number; resolve: () => void }> = [];
  #socket: WebSocket | undefined;
  #sequence = 0;
  /** Dispatches since the session started or the connection dropped, replayed on RESUME like Discord does. */
  #missed: JsonObject[] = [];
  #sessionId = "";

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

  /** Sends a dispatch, or keeps it for replay while the client is disconnected; returns its sequence number. */
  dispatch(type: string, data: unknown): number {
    this.#sequence += 1;
    const payload = { op: 0, t: type, s: this.#sequence, d: data };
    this.#missed.push(payload);
    if (this.#socket?.readyState === 1) this.#socket.send(JSON.stringify(payload));
    return this.#sequence;
  }

  /** Cuts the connection without a close frame, like a network drop. */
  drop(): void {
    this.#socket?.terminate();
    this.#socket = undefined;
    this.#missed = [];
  }

  async close(): Promise<void> {
    for (const client of this.#wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #onConnection(socket: WebSocket): void {
    if (this.refuse) {
      this.refused += 1;
      socket.terminate();
      return;
    }
    this.#socket = socket;
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
    this.#sessionId = `session-${nextId()}`;
    this.#missed = [];
    this.dispatch("READY", {
      v: 10,
      user: { ...users.bot, verified: true, flags: 0 },
      guilds: [{ id: ids.guild, unavailable: true }],
      session_id: this.#sessionId,
      resume_gateway_url: this.#url(),
      shard: [0, 1],
      application: { id: ids.app, flags: this.#options.applicationFlags },
    });
    this.dispatch("GUILD_CREATE", guildCreate());
  }

  #resume(socket: WebSocket, data: JsonObject): void {
    if (data.token !== FAKE_TOKEN || data.session_id !== this.#sessionId) {
      socket.send(JSON.stringify({ op: INVALID_SESSION, d: false }));
      return;
    }
    const after = Number(data.seq);
    for (const payload of this.#missed) if (Number(payload.s) > after) socket.send(JSON.stringify(payload));
    this.dispatch("RESUMED", {});
  }
}
