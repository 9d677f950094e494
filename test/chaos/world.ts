import path from "node:path";
import { FakeDiscord, FAKE_TOKEN, ids, type RestCall } from "../fakes/discord.js";
import { type FakeSlack, FAKE_BOT_USER, type FakeSlackOptions, startFakeSlack } from "../fakes/slack.js";
import { type PostResult, eventEnvelope, mentionEvent, signedPost } from "../fakes/slack-requests.js";
import { makeTempDir, writeFiles } from "../helpers/temp-dir.js";
import { TINY_CORPUS } from "../helpers/tiny-corpus.js";
import { baseSettings } from "./npm-start.js";

export const SIGNING_SECRET = "c4a05ec7e7c4a05ec7e7c4a05ec7e7aa";
export const SLACK_TOKEN = "xoxb-1111-2222-chaostoken";
/** Questions the tiny corpus answers, and a word each answer must contain. */
export const QUESTIONS = [
  { text: "How tall is the Bell Rock lighthouse?", expect: /35 metres/ },
  { text: "Which volcano buried Pompeii?", expect: /Vesuvius/ },
  { text: "Who finished building the Bell Rock tower?", expect: /Stevenson/ },
];

/** A temp folder with the tiny corpus, loopback fakes of Slack and Discord, and the settings that point `npm start` at them. */
export interface World {
  dir: string;
  slack: FakeSlack;
  discord: FakeDiscord;
  settings: Record<string, string>;
  close(): Promise<void>;
}

export async function createWorld(options: { slack?: FakeSlackOptions; messageContent?: boolean; recommendedShards?: number } = {}): Promise<World> {
  const work = await makeTempDir("chaos");
  await writeFiles(path.join(work.path, "corpus"), TINY_CORPUS);
  const slack = await startFakeSlack(options.slack);
  const discord = await FakeDiscord.start({ messageContent: options.messageContent ?? true, ...(options.recommendedShards ? { recommendedShards: options.recommendedShards } : {}) });
  return {
    dir: work.path,
    slack,
    discord,
    settings: {
      ...baseSettings(work.path),
      SLACK_BOT_TOKEN: SLACK_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      DISCORD_TOKEN: FAKE_TOKEN,
      DISCORD_APP_ID: ids.app,
      DISCORD_API_URL: discord.apiUrl,
    },
    async close() {
      await Promise.allSettled([slack.close(), discord.close()]);
      await work.remove();
    },
  };
}

/** Posts to the bot's Slack endpoint exactly as Slack would (signed, now, JSON unless told). */
export function postToSlack(eventsUrl: string, body: string, contentType = "application/json", sign: { timestamp?: number; secret?: string } = {}): Promise<PostResult> {
  return signedPost(eventsUrl, body, contentType, { secret: sign.secret ?? SIGNING_SECRET, timestamp: sign.timestamp });
}

/** Asks in a Slack channel with a mention; resolves with the bot's first post in that thread. */
export async function askSlack(world: World, eventsUrl: string, text: string, fields: { thread_ts?: string; channel?: string } = {}) {
  const event = mentionEvent({ text: `<@${FAKE_BOT_USER}> ${text}`, ...fields });
  const posted = await postToSlack(eventsUrl, JSON.stringify(eventEnvelope(event)));
  if (posted.status !== 200) throw new Error(`Slack endpoint answered ${posted.status}`);
  const ts = String(event.ts);
  const reply = await world.slack.waitForCall("chat.postMessage", (call) => call.args.thread_ts === (fields.thread_ts ?? ts));
  return { ts, reply };
}

/** Asks in the Discord text channel with a mention; resolves with the bot's reply. */
export async function askDiscord(world: World, text: string, channel: string = ids.text): Promise<{ id: string; reply: RestCall }> {
  const id = world.discord.userMessage({ channel, content: `<@${ids.bot}> ${text}` });
  const reply = await world.discord.waitForCall((call) => call.method === "POST" && /^\/channels\/\d+\/messages$/.test(call.path) && call.status === 200 && call.body.message_reference?.message_id === id);
  return { id, reply };
}

/** Everything a Discord reader sees in a sent message. */
export function discordText(call: RestCall): string {
  return JSON.stringify({ content: call.body.content, embeds: call.body.embeds });
}
