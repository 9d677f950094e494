import { FAKE_TOKEN, guildOf, ids, invalidFormBody, isGuildChannel, memberOf, messageObject, nextId, now, threadChannel, users, type JsonObject, type SentBody } from "./discord-payloads.js";

/** One REST request the bot made. */
export interface RestCall {
  /** When the request arrived (epoch ms). */
  at: number;
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

/** The fake's state that REST calls read and change. */
export interface FakeWorld {
  messages: Map<string, JsonObject>;
  threads: Set<string>;
  /** Interaction token → where it was used and the id its original response gets. */
  interactions: Map<string, { channelId: string; originalId: string }>;
  applicationFlags: number;
  gatewayUrl(): string;
  /** The shard count GET /gateway/bot recommends. */
  recommendedShards?: number;
  dispatch(type: string, data: JsonObject): void;
}

export type Reply = (status: number, body?: unknown, headers?: Record<string, string>) => void;

/** Discord's REST API, as much of it as citebot uses, with Discord's validation and errors. */
export function routeRest(call: RestCall, world: FakeWorld, reply: Reply): void {
  const { method, path } = call;
  const isBot = call.authorization === `Bot ${FAKE_TOKEN}`;
  let match: RegExpMatchArray | null;
  if (method === "GET" && path === "/gateway/bot") {
    if (!isBot) return reply(401, { message: "401: Unauthorized", code: 0 });
    return reply(200, { url: world.gatewayUrl(), shards: world.recommendedShards ?? 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 } });
  }
  if (method === "GET" && path === "/applications/@me") {
    if (!isBot) return reply(401, { message: "401: Unauthorized", code: 0 });
    return reply(200, { id: ids.app, name: "citebot", flags: world.applicationFlags, bot_public: false });
  }
  if (method === "PUT" && (match = path.match(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/))) {
    if (!isBot) return reply(401, { message: "401: Unauthorized", code: 0 });
    if (match[1] !== ids.app) return reply(404, { message: "Unknown Application", code: 10002 });
    const commands = Array.isArray(call.json) ? (call.json as JsonObject[]) : [];
    return reply(200, commands.map((command) => ({ ...command, id: nextId(), application_id: ids.app, version: nextId(), ...(match?.[2] ? { guild_id: match[2] } : {}) })));
  }
  if (method === "POST" && (match = path.match(/^\/channels\/(\d+)\/typing$/))) return reply(204);
  if (method === "GET" && (match = path.match(/^\/channels\/(\d+)\/messages\/(\d+)$/))) {
    const found = world.messages.get(match[2] ?? "");
    if (!found || found.channel_id !== match[1]) return reply(404, { message: "Unknown Message", code: 10008 });
    return reply(200, found);
  }
  if (method === "GET" && (match = path.match(/^\/channels\/(\d+)\/messages$/))) {
    // Newest first, as Discord answers; `before` and `limit` as Discord reads them.
    const before = call.query.get("before");
    const limit = Number(call.query.get("limit") ?? 50);
    const inChannel = [...world.messages.values()].filter((candidate) => candidate.channel_id === match?.[1] && (!before || BigInt(String(candidate.id)) < BigInt(before)));
    return reply(200, inChannel.sort((a, b) => (BigInt(String(b.id)) > BigInt(String(a.id)) ? 1 : -1)).slice(0, limit));
  }
  if (method === "POST" && (match = path.match(/^\/channels\/(\d+)\/messages\/(\d+)\/threads$/))) {
    const [, parentId = "", messageId = ""] = match;
    // A thread started off a message takes that message's id.
    const thread = threadChannel(messageId, parentId, call.body.name ?? "thread", ids.bot);
    world.threads.add(messageId);
    world.dispatch("THREAD_CREATE", { ...thread, newly_created: true });
    return reply(201, thread);
  }
  if (method === "POST" && (match = path.match(/^\/channels\/(\d+)\/messages$/))) {
    const channelId = match[1] ?? "";
    const invalid = invalidFormBody(call.body) ?? emptyMessage(call.body);
    if (invalid) return reply(400, invalid);
    let reference = call.body.message_reference;
    if (reference?.message_id && !world.messages.has(reference.message_id)) {
      if ((call.json as { message_reference?: { fail_if_not_exists?: boolean } }).message_reference?.fail_if_not_exists !== false) {
        return reply(400, { code: 50035, message: "Invalid Form Body", errors: { message_reference: { _errors: [{ code: "REPLIES_UNKNOWN_MESSAGE", message: "Unknown message" }] } } });
      }
      reference = undefined;
    }
    const message = storeSent(world, channelId, { ...call.body, message_reference: reference }, reference ? { type: 19 } : {});
    const guild = isGuildChannel(channelId, world.threads);
    // Discord echoes the bot's own messages back over the gateway; the bot must ignore them.
    world.dispatch("MESSAGE_CREATE", guild ? { ...message, guild_id: guildOf(channelId, world.threads), member: memberOf(users.bot) } : { ...message, channel_type: 1 });
    return reply(200, message, { "x-ratelimit-limit": "5", "x-ratelimit-remaining": "4", "x-ratelimit-reset-after": "5", "x-ratelimit-bucket": "fake-bucket" });
  }
  if ((method === "PATCH" || method === "DELETE") && (match = path.match(/^\/channels\/(\d+)\/messages\/(\d+)$/))) {
    const existing = world.messages.get(match[2] ?? "");
    if (!existing || existing.channel_id !== match[1]) return reply(404, { message: "Unknown Message", code: 10008 });
    if (method === "DELETE") {
      world.messages.delete(match[2] ?? "");
      return reply(204);
    }
    const edited: JsonObject = { ...existing, edited_timestamp: now() };
    for (const field of ["content", "embeds", "components"] as const) if (call.body[field] !== undefined) edited[field] = call.body[field];
    const invalid = invalidFormBody(edited as SentBody) ?? emptyMessage(edited as SentBody);
    if (invalid) return reply(400, invalid);
    world.messages.set(String(edited.id), edited);
    return reply(200, edited);
  }
  if (method === "POST" && (match = path.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/))) {
    if (!world.interactions.has(match[2] ?? "")) return reply(404, { message: "Unknown interaction", code: 10062 });
    const data = (call.json as { data?: SentBody } | undefined)?.data;
    const invalid = data ? invalidFormBody(data) : undefined;
    if (invalid) return reply(400, invalid);
    return reply(204);
  }
  if ((match = path.match(/^\/webhooks\/(\d+)\/([^/]+)(\/messages\/@original)?$/))) {
    const interaction = world.interactions.get(match[2] ?? "");
    if (!interaction) return reply(404, { message: "Unknown Webhook", code: 10015 });
    const invalid = invalidFormBody(call.body);
    if (invalid) return reply(400, invalid);
    if (method === "PATCH" && match[3]) {
      const message = storeSent(world, interaction.channelId, call.body, { id: interaction.originalId, application_id: ids.app, webhook_id: ids.app });
      return reply(200, message);
    }
    if (method === "POST" && !match[3]) return reply(200, storeSent(world, interaction.channelId, call.body, { application_id: ids.app, webhook_id: ids.app }));
  }
  reply(404, { message: "404: Not Found", code: 0 });
}

function storeSent(world: FakeWorld, channelId: string, body: SentBody, extra: JsonObject): JsonObject {
  const message = messageObject(channelId, users.bot, body.content ?? "", {
    embeds: body.embeds ?? [],
    components: body.components ?? [],
    flags: body.flags ?? 0,
    ...(body.message_reference ? { message_reference: { ...body.message_reference, channel_id: channelId } } : {}),
    edited_timestamp: null,
    timestamp: now(),
    ...extra,
  });
  world.messages.set(String(message.id), message);
  return message;
}

function emptyMessage(body: SentBody): JsonObject | undefined {
  const empty = !body.content && (body.embeds ?? []).length === 0;
  return empty ? { code: 50006, message: "Cannot send an empty message" } : undefined;
}
