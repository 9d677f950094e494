import http from "node:http";
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver, SocketModeReceiver } from "@slack/bolt";
import type { Conversation } from "../../chat/conversation.js";
import { type Drain, createDrain } from "../../chat/drain.js";
import { createMemoryEventClaims } from "../../chat/memory-state.js";
import { type JobIntake, UNINSURED } from "../../chat/jobs.js";
import { z } from "zod";
import { CitebotError, ErrorCode } from "../../errors.js";
import type { Topic } from "../../engine/answer.js";
import type { Logger } from "../../logger.js";
import type { EventClaims } from "../../store/events.js";
import type { FeedbackLog } from "../../store/feedback.js";
import { resolveOptions } from "../../options.js";
import { HEALTH_PATH, type Health, createHealth, serveHealth } from "../health.js";
import { untilReachable } from "../until-reachable.js";
import { registerActions } from "./on-action.js";
import { registerEscalation, registerExpertReplies, type SlackEscalation } from "./on-escalate.js";
import { createAssistant } from "./assistant.js";
import { toBoltLogger } from "./bolt-logger.js";
import { type SlackIdentity, slackClientOptions, verifyAppToken, verifyBotToken } from "./connect.js";
import type { SlackListenerContext } from "./listener-context.js";
import { guardReceiver, guardSocketMessages } from "./guard-receiver.js";
import { registerMessageListeners } from "./on-message.js";
import { admitSlackRequest } from "./request-gate.js";
import { registerSlashCommand } from "./on-command.js";
import { classifySlackError } from "./transient.js";

/** Where Slack sends events, commands and interactions in HTTP mode (the manifest's three URLs). */
const SLACK_EVENTS_PATH = "/slack/events";

/** What the Slack bot works with; only the conversation, the feedback store and the logger are needed. */
export interface SlackBotParts {
  conversation: Conversation;
  /** Where 👍/👎 are written (the store's feedback log). */
  feedback: FeedbackLog;
  logger: Logger;
  /** Platform events already handled, shared by every replica on the store; this process's memory when absent. */
  events?: EventClaims;
  /** Records accepted questions as durable jobs, so another process answers one this process dies before answering. None without a store. */
  jobs?: JobIntake;
  /** What the corpus covers: suggested prompts in the assistant pane and `/healthz`. */
  topics?: () => Topic[];
  /** Shared with the other adapter and `/healthz`; the bot makes its own when alone. */
  health?: Health;
  /** Shared with the other adapter, so one signal drains both; the bot makes its own when alone. */
  drain?: Drain;
  /** ESCALATION with an expert channel on Slack: handles "Still need help?". */
  escalation?: SlackEscalation;
}

/** How to reach Slack: Socket Mode when `appToken` is set, else HTTP with request signing. */
export interface SlackConnection {
  /** SLACK_BOT_TOKEN: the Bot User OAuth Token (xoxb-…). */
  botToken: string;
  /** SLACK_APP_TOKEN: an App-Level Token (xapp-…) with connections:write, for Socket Mode. */
  appToken?: string;
  /** SLACK_SIGNING_SECRET: checks requests in HTTP mode. */
  signingSecret?: string;
  /** SLACK_API_URL: replaces https://slack.com/api/ (a proxy, or the loopback fake in tests). */
  apiUrl?: string;
  /** Interface to listen on in HTTP mode; all interfaces when unset. */
  host?: string;
}

export interface SlackOptions {
  /** SLACK_COMMAND: the slash command, as the app's manifest declares it. */
  command?: string;
  /** SLACK_ALLOWED_CHANNELS: channel ids the bot answers in; empty means every channel. */
  allowedChannels?: readonly string[];
  /** PORT: where HTTP mode listens for Slack and serves `/healthz`. */
  port?: number;
  /** ALLOW_DMS: answer direct messages (and group DMs). */
  allowDms?: boolean;
  /** THREAD_FOLLOWUPS: answer follow-ups in a thread it answered without a new mention. */
  threadFollowups?: boolean;
  /** DELIVERY_RETRY_MS: how long one reply may keep retrying through an outage. */
  deliveryRetryMs?: number;
}

export const defaultSlackOptions = {
  command: "/ask",
  allowedChannels: [],
  port: 3_000,
  allowDms: true,
  threadFollowups: true,
  deliveryRetryMs: 30_000,
} as const satisfies Required<SlackOptions>;

const SLACK_OPTION_CHECKS = {
  command: z.string().regex(/^\/[a-z0-9_-]{1,31}$/, { message: 'must look like "/ask"' }),
  port: z.number().int().min(0).max(65_535),
  deliveryRetryMs: z.number().int().min(1),
};

export type SlackMode = "socket" | "http";

export interface SlackBot {
  app: App;
  mode: SlackMode;
  /**
   * HTTP mode: listens on PORT at once (so `/healthz` answers), then checks the token. Socket Mode: checks the
   * tokens, then connects. While Slack is unreachable this keeps retrying and `/healthz` says so; it rejects only
   * when Slack refuses a token or scope (CredentialsRejected) or the port is taken.
   */
  start(): Promise<{ mode: SlackMode; port?: number }>;
  /** Stops taking questions, lets answers in progress finish, then disconnects. */
  stop(): Promise<void>;
}

/** The Slack adapter on Bolt: Socket Mode when `connection.appToken` is set, else HTTP with request signing. */
export function createSlackBot(parts: SlackBotParts, connection: SlackConnection, given: SlackOptions = {}): SlackBot {
  const settings = resolveOptions("createSlackBot", defaultSlackOptions, given, SLACK_OPTION_CHECKS);
  const logger = parts.logger.child({ adapter: "slack" });
  const mode: SlackMode = connection.appToken ? "socket" : "http";
  const botToken = requireSetting(connection.botToken, "SLACK_BOT_TOKEN", "the Bot User OAuth Token (xoxb-…) from OAuth & Permissions");
  const signingSecret =
    mode === "http"
      ? requireSetting(connection.signingSecret, "SLACK_SIGNING_SECRET", "the Signing Secret from Basic Information › App Credentials (or set SLACK_APP_TOKEN for Socket Mode)")
      : undefined;
  const topics = parts.topics ?? (() => []);
  const health = parts.health ?? createHealth({ documents: () => topics().length });
  const drain = parts.drain ?? createDrain();
  const boltLogger = toBoltLogger(logger);
  let identity: SlackIdentity | undefined;

  const receiver =
    mode === "socket"
      ? new SocketModeReceiver({ appToken: connection.appToken ?? "", logger: boltLogger, installerOptions: { clientOptions: { slackApiUrl: connection.apiUrl } } })
      : new HTTPReceiver({ signingSecret: signingSecret ?? "", logger: boltLogger });
  if (receiver instanceof SocketModeReceiver) guardSocketMessages(receiver, logger);
  const app = new App({
    receiver: guardReceiver(receiver, logger),
    // The identity comes from our own auth.test at start (with retries and clear errors), not from Bolt's.
    authorize: async () => {
      if (!identity) throw new Error("Slack has not confirmed SLACK_BOT_TOKEN yet");
      return { botToken, botId: identity.botId, botUserId: identity.botUserId, teamId: identity.teamId };
    },
    logger: boltLogger,
    // Our own filter drops the bot's and other bots' messages, and logs why.
    ignoreSelf: false,
    clientOptions: slackClientOptions(connection.apiUrl, logger),
  });

  const shared: SlackListenerContext = {
    settings,
    conversation: parts.conversation,
    feedback: parts.feedback,
    events: parts.events ?? createMemoryEventClaims(),
    jobs: parts.jobs ?? UNINSURED,
    logger,
    topics,
    drain,
    ...(parts.escalation ? { expertChannelId: parts.escalation.target.channelId } : {}),
  };
  app.assistant(createAssistant(shared));
  registerMessageListeners(app, shared);
  registerSlashCommand(app, shared);
  registerActions(app, shared);
  if (parts.escalation) {
    registerEscalation(app, shared, parts.escalation);
    registerExpertReplies(app, shared, parts.escalation);
  }
  app.error(async (error) => {
    logger.error({ err: error, code: error.code }, "slack listener failed");
  });

  const stopping = new AbortController();
  let server: http.Server | undefined;

  async function onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (req.method === "GET" && path === HEALTH_PATH) return serveHealth(health, res);
    if (req.method !== "POST" || path !== SLACK_EVENTS_PATH) {
      res.writeHead(404).end();
      return;
    }
    const admitted = await admitSlackRequest(req, { signingSecret: signingSecret ?? "" });
    if (!admitted.ok) {
      logger.warn({ status: admitted.status, reason: admitted.reason }, "refused a Slack request");
      res.writeHead(admitted.status, { "content-type": "text/plain" }).end(`${http.STATUS_CODES[admitted.status]}\n`);
      return;
    }
    if (admitted.kind === "ssl_check") {
      res.writeHead(200).end();
      return;
    }
    if (!identity && admitted.kind !== "url_verification") {
      // Slack retries a 503 later, by when the token check has usually gone through.
      logger.warn({ kind: admitted.kind }, "refused a Slack request that arrived before Slack confirmed the token");
      res.writeHead(503, { "retry-after": "10", "content-type": "text/plain" }).end("Service Unavailable\n");
      return;
    }
    // Bolt reads a body already buffered here and compares the content type exactly.
    Object.assign(req, { rawBody: admitted.rawBody });
    req.headers["content-type"] = admitted.mediaType;
    (receiver as HTTPReceiver).requestListener(req, res);
  }

  async function listen(): Promise<number> {
    server = http.createServer((req, res) => {
      onRequest(req, res).catch((error: unknown) => {
        logger.error({ err: error }, "could not handle a request to the Slack endpoint");
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    const listening = server;
    await new Promise<void>((resolve, reject) => {
      listening.once("error", reject);
      listening.listen(settings.port, connection.host, () => {
        listening.off("error", reject);
        resolve();
      });
    });
    return (listening.address() as AddressInfo).port;
  }

  async function closeServer(): Promise<void> {
    const open = server;
    server = undefined;
    if (!open) return;
    open.closeAllConnections();
    await new Promise<void>((resolve) => open.close(() => resolve()));
  }

  const verify = { apiUrl: connection.apiUrl, health, logger, signal: stopping.signal };
  let started: { mode: SlackMode; port?: number } | undefined;

  return {
    app,
    mode,
    async start() {
      if (started) return started;
      health.setPlatform("slack", "connecting");
      try {
        if (mode === "socket") {
          identity = await verifyBotToken(botToken, verify);
          await verifyAppToken(connection.appToken ?? "", verify);
          await untilReachable(() => app.start(), classifySlackError, { platform: "slack", what: "opening the Socket Mode connection", ...verify });
          started = { mode };
        } else {
          const port = await listen();
          logger.info({ mode, port }, "slack adapter listening");
          identity = await verifyBotToken(botToken, verify);
          started = { mode, port };
        }
      } catch (error) {
        await closeServer();
        health.setPlatform("slack", "stopped", error instanceof Error ? error.message : String(error));
        throw error;
      }
      health.setPlatform("slack", "ready");
      logger.info({ mode, botUserId: identity.botUserId }, "slack adapter connected");
      return started;
    },
    async stop() {
      stopping.abort();
      await drain.settle(Number.POSITIVE_INFINITY);
      if (mode === "socket" && started) await app.stop().catch((error: unknown) => logger.warn({ err: error }, "could not close the Socket Mode connection cleanly"));
      await closeServer();
      health.setPlatform("slack", "stopped");
    },
  };
}

function requireSetting(value: string | undefined, name: string, hint: string): string {
  if (!value) throw new CitebotError(ErrorCode.ConfigInvalid, `${name}: missing; Slack needs ${hint}`);
  return value;
}
