import fs from "node:fs";
import { onTestFinished } from "vitest";
import os from "node:os";
import path from "node:path";
import { conversationOptions, discordConnection, discordOptions } from "../../../src/app.js";
import { createConversation } from "../../../src/chat/conversation.js";
import type { KnowledgeHooks } from "../../../src/chat/knowledge-hooks.js";
import type { DiscordEscalation } from "../../../src/adapters/discord/on-escalate.js";
import { createDiscordBot, type DiscordBot } from "../../../src/adapters/discord/bot.js";
import { loadConfig } from "../../../src/config.js";
import { createLogger, silentLogger, type Logger } from "../../../src/logger.js";
import type { FeedbackLog } from "../../../src/store/feedback.js";
import { openStore } from "../../../src/store/open-store.js";
import type { Store } from "../../../src/store/store.js";
import { FAKE_TOKEN, FakeDiscord, ids, type FakeDiscordOptions, type RestCall } from "../../fakes/discord.js";
import { scriptedEngine, type ScriptedEngineOptions } from "../../fakes/engine.js";

export interface HarnessOptions extends FakeDiscordOptions {
  /** Extra settings, as they would appear in .env. */
  env?: Record<string, string>;
  engine?: ScriptedEngineOptions;
  logger?: Logger;
  /** Document sets, `gaps`, the questions log and escalation, as createCitebot wires them. */
  knowledge?: KnowledgeHooks;
  /** "Still need help?" handling, as createCitebot passes it with ESCALATION on. */
  escalation?: DiscordEscalation;
}

export interface Harness {
  fake: FakeDiscord;
  bot: DiscordBot;
  engine: ReturnType<typeof scriptedEngine>;
  /** The durable store the bot runs on (SQLite in a temp folder), as `npm start` builds it. */
  store: Store;
  feedback: FeedbackLog;
  stop(): Promise<void>;
}

/** startBot, stopped (bot, fake, data) when the test ends, pass or fail. */
export async function useBot(options: HarnessOptions = {}): Promise<Harness> {
  const harness = await startBot(options);
  onTestFinished(() => harness.stop());
  return harness;
}

/** A real discord.js bot wired to the real conversation layer, a scripted engine and a fake Discord, logged in and ready. */
export async function startBot(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await FakeDiscord.start({ messageContent: options.messageContent ?? true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "citebot-discord-"));
  const config = loadConfig({
    DISCORD_TOKEN: FAKE_TOKEN,
    DISCORD_APP_ID: ids.app,
    DISCORD_API_URL: fake.apiUrl,
    DATA_DIR: dataDir,
    ...options.env,
  });
  const logger = options.logger ?? silentLogger();
  const engine = scriptedEngine(options.engine);
  const store = await openStore({ dataDir: config.DATA_DIR });
  const conversation = createConversation({ engine, logger, state: store, ...(options.knowledge ? { knowledge: options.knowledge } : {}) }, conversationOptions(config));
  const feedback = store.feedback;
  const bot = createDiscordBot({ conversation, feedback, events: store.events, logger, ...(options.escalation ? { escalation: options.escalation } : {}) }, discordConnection(config), discordOptions(config));
  try {
    await bot.start();
  } catch (error) {
    await bot.stop();
    await fake.close();
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    fake,
    bot,
    engine,
    store,
    feedback,
    async stop() {
      await bot.stop();
      await fake.close();
      await store.close().catch(() => undefined);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The id Discord gave a message the bot posted. */
export function postedId(call: RestCall): string {
  const id = (call.response as { id?: unknown } | undefined)?.id;
  if (typeof id !== "string") throw new Error(`${call.method} ${call.path} answered without a message id`);
  return id;
}

export const isPostTo = (channelId: string) => (call: RestCall) => call.method === "POST" && call.path === `/channels/${channelId}/messages` && call.status === 200;

export const repliesTo = (messageId: string) => (call: RestCall) => isMessagePost(call) && call.body.message_reference?.message_id === messageId;

const isMessagePost = (call: RestCall) => call.method === "POST" && /^\/channels\/\d+\/messages$/.test(call.path) && call.status === 200;

/** Everything in a sent message a reader would see, as one string. */
export function visibleText(call: RestCall): string {
  return JSON.stringify({ content: call.body.content, embeds: call.body.embeds });
}

/** A pino logger whose lines a test can read. */
export function memoryLogger(): { logger: Logger; lines: () => Array<Record<string, unknown>> } {
  const raw: string[] = [];
  const logger = createLogger({ level: "debug", destination: { write: (line: string) => void raw.push(line) } });
  return { logger, lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
}
