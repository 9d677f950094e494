import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, type AppOptions } from "@slack/bolt";
import type { Conversation } from "../../chat/conversation.js";
import type { FeedbackStore } from "../../chat/feedback-store.js";
import { CitebotError, ErrorCode } from "../../errors.js";
import type { Topic } from "../../engine/answer.js";
import type { Logger } from "../../logger.js";
import { registerActions } from "./actions.js";
import { createAssistant } from "./assistant.js";
import { toBoltLogger } from "./bolt-logger.js";
import type { SlackDeps, SlackSettings } from "./deps.js";
import { healthRoute } from "./health.js";
import { registerMessageListeners } from "./messages.js";
import { registerSlashCommand } from "./slash-command.js";

/**
 * Web API retries. On a 429 the client first waits the `Retry-After` Slack sent, then retries on this schedule;
 * a few quick attempts suit a chat reply better than the client's default of ten over half an hour.
 */
export const SLACK_RETRY_POLICY = { retries: 4, factor: 2, minTimeout: 250, maxTimeout: 5_000, randomize: true };

export interface SlackAdapterOptions {
  config: SlackSettings;
  conversation: Conversation;
  feedback: FeedbackStore;
  logger: Logger;
  /** What the corpus covers: suggested prompts in the assistant pane and `/healthz`. */
  topics?: () => Topic[];
  /** Interface to listen on in HTTP mode; all interfaces when unset. */
  host?: string;
}

export type SlackMode = "socket" | "http";

export interface SlackAdapter {
  app: App;
  mode: SlackMode;
  /** Connects (Socket Mode) or starts listening on PORT (HTTP mode; `port` is the bound one). */
  start(): Promise<{ mode: SlackMode; port?: number }>;
  /** Stops taking events, then lets answers already in progress finish. */
  stop(): Promise<void>;
}

/** The Slack adapter on Bolt: Socket Mode when SLACK_APP_TOKEN is set, else HTTP with request signing. */
export function createSlackApp(options: SlackAdapterOptions): SlackAdapter {
  const { config } = options;
  const logger = options.logger.child({ adapter: "slack" });
  const mode: SlackMode = config.SLACK_APP_TOKEN ? "socket" : "http";
  const botToken = requireSetting(config.SLACK_BOT_TOKEN, "SLACK_BOT_TOKEN", "the Bot User OAuth Token (xoxb-…) from OAuth & Permissions");
  const topics = options.topics ?? (() => []);
  const inFlight = new Set<Promise<unknown>>();
  const startedAt = Date.now();

  const shared: AppOptions = {
    token: botToken,
    logger: toBoltLogger(logger),
    // Our own filter drops the bot's and other bots' messages, and logs why.
    ignoreSelf: false,
    clientOptions: { slackApiUrl: config.SLACK_API_URL, retryConfig: SLACK_RETRY_POLICY },
  };
  const app =
    mode === "socket"
      ? new App({ ...shared, socketMode: true, appToken: config.SLACK_APP_TOKEN })
      : new App({
          ...shared,
          signingSecret: requireSetting(config.SLACK_SIGNING_SECRET, "SLACK_SIGNING_SECRET", "the Signing Secret from Basic Information › App Credentials (or set SLACK_APP_TOKEN for Socket Mode)"),
          customRoutes: [healthRoute(topics, startedAt)],
        });

  const deps: SlackDeps = {
    config,
    conversation: options.conversation,
    feedback: options.feedback,
    logger,
    topics,
    track: (work) => {
      inFlight.add(work);
      const forget = () => inFlight.delete(work);
      work.then(forget, forget);
      return work;
    },
  };

  app.assistant(createAssistant(deps));
  registerMessageListeners(app, deps);
  registerSlashCommand(app, deps);
  registerActions(app, deps);
  app.error(async (error) => {
    logger.error({ err: error, code: error.code }, "slack listener failed");
  });

  return {
    app,
    mode,
    async start() {
      if (mode === "socket") {
        await app.start();
        logger.info({ mode }, "slack adapter connected");
        return { mode };
      }
      const server = (await app.start({ port: config.PORT, host: options.host })) as Server;
      const port = (server.address() as AddressInfo).port;
      logger.info({ mode, port }, "slack adapter listening");
      return { mode, port };
    },
    async stop() {
      await app.stop();
      await Promise.allSettled([...inFlight]);
    },
  };
}

function requireSetting(value: string | undefined, name: string, hint: string): string {
  if (!value) throw new CitebotError(ErrorCode.ConfigInvalid, `${name}: missing; Slack needs ${hint}`);
  return value;
}
