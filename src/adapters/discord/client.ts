import { once } from "node:events";
import { Client, Events, IntentsBitField, Partials, RESTEvents, Routes } from "discord.js";
import type { Conversation } from "../../chat/conversation.js";
import type { FeedbackStore } from "../../chat/feedback-store.js";
import { Lru } from "../../chat/lru.js";
import type { Config } from "../../config.js";
import { CitebotError, ErrorCode } from "../../errors.js";
import type { Logger } from "../../logger.js";
import { DEGRADED_MESSAGE_CONTENT, gatewayIntents, messageContentGranted } from "./intents.js";
import { createInteractionHandler } from "./on-interaction.js";
import { createMessageHandler } from "./on-message.js";
import { ApplicationInfo } from "./payloads.js";
import { explainDiscordError } from "./rest-errors.js";
import { restOptions } from "./rest-options.js";
import { NO_PINGS } from "./send.js";

export interface DiscordBotOptions {
  config: Config;
  conversation: Conversation;
  feedback: FeedbackStore;
  logger: Logger;
}

export interface DiscordBot {
  client: Client;
  /** Checks the token, picks the intents it was granted, connects, and resolves once the bot is ready. */
  start(): Promise<void>;
  /** Lets answers in progress finish, then disconnects. */
  stop(): Promise<void>;
}

/** Bot messages and bot-started threads remembered for reply-chain follow-ups. */
const CONVERSATIONS_REMEMBERED = 10_000;

export function createDiscordBot({ config, conversation, feedback, logger }: DiscordBotOptions): DiscordBot {
  const token = config.DISCORD_TOKEN;
  const applicationId = config.DISCORD_APP_ID;
  if (!token || !applicationId) {
    throw new CitebotError(ErrorCode.ConfigInvalid, "DISCORD_TOKEN and DISCORD_APP_ID: both are needed to run the Discord bot (see the README's Discord section)");
  }
  const log = logger.child({ adapter: "discord" });
  const client = new Client({
    intents: gatewayIntents(true),
    // DM channels are not cached until used; without this partial, discord.js drops DM messages.
    partials: [Partials.Channel],
    rest: restOptions(config.DISCORD_API_URL),
    // A default for anything sent without explicit options; every send path also sets NO_PINGS itself.
    allowedMentions: NO_PINGS,
  });

  const settings = {
    allowedChannels: config.DISCORD_ALLOWED_CHANNELS,
    allowDms: config.ALLOW_DMS,
    threadFollowups: config.THREAD_FOLLOWUPS,
    replyInThread: config.DISCORD_REPLY_IN_THREAD,
  };
  const onMessage = createMessageHandler({ conversation, logger: log, settings, conversations: new Lru(CONVERSATIONS_REMEMBERED) });
  const onInteraction = createInteractionHandler({ conversation, feedback, logger: log, settings });

  const inFlight = new Set<Promise<void>>();
  let accepting = true;
  const track = (work: () => Promise<void>) => {
    // While stopping, new events are dropped so that stop() waits only for answers already under way.
    if (!accepting) return;
    const tracked = work().catch((error: unknown) => log.error({ err: error }, "unexpected error in a Discord handler"));
    inFlight.add(tracked);
    void tracked.finally(() => inFlight.delete(tracked));
  };
  client.on(Events.MessageCreate, (message) => track(() => onMessage(message)));
  client.on(Events.InteractionCreate, (interaction) => track(() => onInteraction(interaction)));
  client.on(Events.Error, (error) => log.error({ err: error }, "Discord client error"));
  client.on(Events.ShardDisconnect, (event, shard) => log.error({ shard, code: event.code }, "Discord gateway closed for good; restart citebot after fixing the cause"));
  client.on(Events.ShardReconnecting, (shard) => {
    // destroy() closes the socket too; only an unplanned close is worth a warning.
    if (accepting) log.warn({ shard }, "Discord gateway connection lost; reconnecting");
  });
  client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, "Discord gateway session resumed"));
  client.rest.on(RESTEvents.RateLimited, (info) =>
    log.warn({ route: info.route, method: info.method, retryAfterMs: info.retryAfter, scope: info.scope, global: info.global }, "Discord rate limit; the request waits and retries"),
  );

  let started = false;
  return {
    client,
    async start() {
      if (started) return;
      started = true;
      const contentGranted = await checkApplication(client, token, applicationId);
      client.options.intents = new IntentsBitField(gatewayIntents(contentGranted));
      if (!contentGranted) log.warn(DEGRADED_MESSAGE_CONTENT);
      const controller = new AbortController();
      const ready = once(client, Events.ClientReady, { signal: controller.signal });
      try {
        await client.login(token);
        await ready;
      } catch (error) {
        controller.abort();
        throw explainLoginError(error);
      }
      log.info({ user: client.user?.tag, servers: client.guilds.cache.size, messageContent: contentGranted }, "Discord bot connected");
    },
    async stop() {
      accepting = false;
      await Promise.allSettled([...inFlight]);
      await client.destroy();
      log.info("Discord bot disconnected");
    },
  };
}

/** Fails early, naming the setting, when the token or application id is wrong; returns whether message content is granted. */
async function checkApplication(client: Client, token: string, applicationId: string): Promise<boolean> {
  client.rest.setToken(token);
  let raw: unknown;
  try {
    raw = await client.rest.get(Routes.currentApplication());
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
