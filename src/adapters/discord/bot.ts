import { once } from "node:events";
import { Client, Events, IntentsBitField, Partials, RESTEvents, Routes } from "discord.js";
import type { Conversation } from "../../chat/conversation.js";
import { type Drain, createDrain } from "../../chat/drain.js";
import { createMemoryEventClaims } from "../../chat/memory-state.js";
import { type JobIntake, UNINSURED } from "../../chat/jobs.js";
import type { EventClaims } from "../../store/events.js";
import type { FeedbackLog } from "../../store/feedback.js";
import { LRUCache } from "lru-cache";
import { z } from "zod";
import { CitebotError, ErrorCode } from "../../errors.js";
import type { Logger } from "../../logger.js";
import { resolveOptions } from "../../options.js";
import { type Health, createHealth } from "../health.js";
import { untilReachable } from "../until-reachable.js";
import { guardDispatches } from "./dispatch-guard.js";
import { DEGRADED_MESSAGE_CONTENT, gatewayIntents, messageContentGranted } from "./intents.js";
import { createInteractionHandler } from "./on-interaction.js";
import type { DiscordEscalation } from "./on-escalate.js";
import { createMessageHandler } from "./on-message.js";
import { ApplicationInfo } from "./payloads.js";
import { explainDiscordError } from "./rest-errors.js";
import { restOptions } from "./rest-options.js";
import { NO_PINGS } from "./send.js";
import { classifyDiscordError } from "./transient.js";

/** What the Discord bot works with; only the conversation, the feedback store and the logger are needed. */
export interface DiscordBotParts {
  conversation: Conversation;
  /** Where 👍/👎 are written (the store's feedback log). */
  feedback: FeedbackLog;
  /** Platform events already handled, shared by every process and shard on the store; this process's memory when absent. */
  events?: EventClaims;
  /** Records each /ask as a durable job, so another process answers one this process dies before answering. None without a store. */
  jobs?: JobIntake;
  logger: Logger;
  /** Shared with the other adapter and `/healthz`; the bot makes its own when alone. */
  health?: Health;
  /** Shared with the other adapter, so one signal drains both; the bot makes its own when alone. */
  drain?: Drain;
  /** ESCALATION with an expert channel on Discord: handles "Still need help?". */
  escalation?: DiscordEscalation;
}

/** How to reach Discord. */
export interface DiscordConnection {
  /** DISCORD_TOKEN: the bot token. */
  token: string;
  /** DISCORD_APP_ID: the application the token must belong to. */
  applicationId: string;
  /** DISCORD_API_URL: replaces https://discord.com/api (a proxy, or the loopback fake in tests). */
  apiUrl?: string;
}

export interface DiscordOptions {
  /** DISCORD_ALLOWED_CHANNELS: channel ids the bot answers in (a thread counts as its parent); empty means every channel. */
  allowedChannels?: readonly string[];
  /** ALLOW_DMS: answer direct messages. */
  allowDms?: boolean;
  /** THREAD_FOLLOWUPS: answer follow-ups in a thread or reply chain it answered without a new mention. */
  threadFollowups?: boolean;
  /** DISCORD_REPLY_IN_THREAD: answer a mention in a new thread started off the question. */
  replyInThread?: boolean;
  /** DELIVERY_RETRY_MS: how long one reply may keep retrying through an outage. */
  deliveryRetryMs?: number;
}

export const defaultDiscordOptions = {
  allowedChannels: [],
  allowDms: true,
  threadFollowups: true,
  replyInThread: false,
  deliveryRetryMs: 30_000,
} as const satisfies Required<DiscordOptions>;

export interface DiscordBot {
  client: Client;
  /**
   * Checks the token, picks the intents it was granted, connects, and resolves once the bot is ready. While Discord
   * is unreachable this keeps retrying and `/healthz` says so; it rejects when Discord refuses the token or app id.
   */
  start(): Promise<void>;
  /** Stops taking questions, lets answers in progress finish, then disconnects. */
  stop(): Promise<void>;
}

/** While the gateway stays unreachable, one log line per this long. */
const RECONNECT_LOG_EVERY_MS = 30_000;

/** Bot messages and bot-started threads remembered for reply-chain follow-ups. */
const CONVERSATIONS_REMEMBERED = 10_000;

export function createDiscordBot({ conversation, feedback, events = createMemoryEventClaims(), jobs = UNINSURED, logger, ...shared }: DiscordBotParts, connection: DiscordConnection, given: DiscordOptions = {}): DiscordBot {
  const { token, applicationId } = connection;
  const settings = resolveOptions("createDiscordBot", defaultDiscordOptions, given, { deliveryRetryMs: z.number().int().min(1) });
  if (!token || !applicationId) {
    throw new CitebotError(ErrorCode.ConfigInvalid, "DISCORD_TOKEN and DISCORD_APP_ID: both are needed to run the Discord bot (see docs/discord.md)");
  }
  // Alone (as in tests) the bot only records its connection state; main.ts shares one Health that /healthz serves.
  const health = shared.health ?? createHealth({ documents: () => 0 });
  const drain = shared.drain ?? createDrain();
  const client = new Client({
    intents: gatewayIntents(true),
    // DM channels are not cached until used; without this partial, discord.js drops DM messages.
    partials: [Partials.Channel],
    rest: restOptions(connection.apiUrl),
    // A default for anything sent without explicit options; every send path also sets NO_PINGS itself.
    allowedMentions: NO_PINGS,
  });
  // Under a ShardingManager discord.js reads this process's shard ids from the environment the parent set.
  const log = logger.child({ adapter: "discord", ...(client.shard ? { shards: client.shard.ids } : {}) });

  const handlers = { conversation, events, logger: log, settings, drain, deliveryRetryMs: settings.deliveryRetryMs };
  const escalation = shared.escalation ? { escalation: shared.escalation } : {};
  const onMessage = createMessageHandler({ ...handlers, conversations: new LRUCache<string, string>({ max: CONVERSATIONS_REMEMBERED }), ...escalation });
  const onInteraction = createInteractionHandler({ ...handlers, feedback, jobs, ...escalation });
  guardDispatches(client, log);

  // The handlers track answers in the drain themselves; this only keeps a stray rejection from going unheard.
  const handle = (work: Promise<void>) => void work.catch((error: unknown) => log.error({ err: error }, "unexpected error in a Discord handler"));
  let stopping = false;
  client.on(Events.MessageCreate, (message) => handle(onMessage(message)));
  client.on(Events.InteractionCreate, (interaction) => handle(onInteraction(interaction)));
  client.on(Events.Error, (error) => log.error({ err: error }, "Discord client error"));
  client.on(Events.ShardDisconnect, (event, shard) => {
    log.error({ shard, code: event.code }, "Discord gateway closed for good; restart citebot after fixing the cause");
    health.setPlatform("discord", "stopped", `gateway closed with code ${event.code}; restart citebot after fixing the cause`);
  });
  // discord.js reconnects to an unreachable gateway by itself, about twice a second, with no setting for a backoff;
  // the log gets the first loss and then one line per RECONNECT_LOG_EVERY_MS, /healthz the running count.
  let reconnects = 0;
  let lastReconnectLog = 0;
  client.on(Events.ShardReconnecting, (shard) => {
    // destroy() closes the socket too; only an unplanned close is worth a warning.
    if (stopping) return;
    reconnects += 1;
    health.setPlatform("discord", "retrying", `gateway connection lost; discord.js is reconnecting (attempt ${reconnects})`);
    if (reconnects === 1 || Date.now() - lastReconnectLog >= RECONNECT_LOG_EVERY_MS) {
      lastReconnectLog = Date.now();
      log.warn({ shard, attempts: reconnects }, "Discord gateway connection lost; reconnecting");
    }
  });
  const connected = () => {
    if (reconnects > 0) log.info({ attempts: reconnects }, "Discord gateway connection back");
    reconnects = 0;
    health.setPlatform("discord", "ready");
  };
  client.on(Events.ShardResume, (shard, replayed) => {
    log.info({ shard, replayed }, "Discord gateway session resumed");
    connected();
  });
  client.on(Events.ShardReady, () => {
    if (client.isReady()) connected();
  });
  client.rest.on(RESTEvents.RateLimited, (info) =>
    log.warn({ route: info.route, method: info.method, retryAfterMs: info.retryAfter, scope: info.scope, global: info.global }, "Discord rate limit; the request waits and retries"),
  );

  const aborted = new AbortController();
  const reach = { platform: "discord" as const, health, logger: log, signal: aborted.signal };
  let started = false;
  return {
    client,
    async start() {
      if (started) return;
      started = true;
      health.setPlatform("discord", "connecting");
      try {
        const contentGranted = await checkApplication(client, token, applicationId, reach);
        client.options.intents = new IntentsBitField(gatewayIntents(contentGranted));
        if (!contentGranted) log.warn(DEGRADED_MESSAGE_CONTENT);
        await untilReachable(() => login(client, token), classifyDiscordError, { ...reach, what: "connecting to the Discord gateway" }).catch((error: unknown) => {
          throw explainLoginError(error);
        });
        connected();
        log.info({ user: client.user?.tag, servers: client.guilds.cache.size, messageContent: contentGranted }, "Discord bot connected");
      } catch (error) {
        health.setPlatform("discord", "stopped", error instanceof Error ? error.message : String(error));
        throw error;
      }
    },
    async stop() {
      stopping = true;
      aborted.abort();
      await drain.settle(Number.POSITIVE_INFINITY);
      await client.destroy();
      health.setPlatform("discord", "stopped");
      log.info("Discord bot disconnected");
    },
  };
}

/** Logs in and waits for READY; a failed attempt leaves the client ready for the next one. */
async function login(client: Client, token: string): Promise<void> {
  const controller = new AbortController();
  const ready = once(client, Events.ClientReady, { signal: controller.signal });
  try {
    await client.login(token);
    await ready;
  } catch (error) {
    controller.abort();
    ready.catch(() => undefined);
    throw error;
  }
}

/**
 * Fails early, naming the setting, when the token or application id is wrong (retrying while Discord is
 * unreachable); returns whether message content is granted.
 */
async function checkApplication(client: Client, token: string, applicationId: string, reach: Omit<Parameters<typeof untilReachable>[2], "what">): Promise<boolean> {
  client.rest.setToken(token);
  let raw: unknown;
  try {
    raw = await untilReachable(() => client.rest.get(Routes.currentApplication()), classifyDiscordError, { ...reach, what: "checking DISCORD_TOKEN" });
  } catch (error) {
    throw explainDiscordError(error, { action: "checking the bot token" });
  }
  const application = ApplicationInfo.safeParse(raw);
  if (!application.success) {
    throw new CitebotError(ErrorCode.PlatformPayloadInvalid, `Discord's application info was not what citebot expects: ${application.error.message}`);
  }
  if (application.data.id !== applicationId) {
    throw new CitebotError(
      ErrorCode.ConfigInvalid,
      `DISCORD_APP_ID: is ${applicationId}, but DISCORD_TOKEN belongs to application ${application.data.id}; copy both from the same app in the Developer Portal`,
    );
  }
  return messageContentGranted(application.data.flags);
}

function explainLoginError(error: unknown): CitebotError {
  const message = error instanceof Error ? error.message : String(error);
  if (/disallowed intents/i.test(message)) {
    return new CitebotError(
      ErrorCode.ConfigInvalid,
      "Discord refused the Message Content intent (4014) although the application reports it granted; switch Message Content Intent off and on again in the Developer Portal › Bot › Privileged Gateway Intents, then restart",
      { cause: error },
    );
  }
  return explainDiscordError(error, { action: "connecting to the Discord gateway" });
}
