import { afterEach, describe, expect, it } from "vitest";
import { type Harness, BOT_TOKEN, SIGNING_SECRET, startHarness } from "../adapters/slack/harness.js";
import { repliesTo, useBot } from "../adapters/discord/harness.js";
import { createConversation } from "../../src/chat/conversation.js";
import { loadConfig } from "../../src/config.js";
import { FAKE_TOKEN, ids } from "../fakes/discord.js";
import { scriptedEngine } from "../fakes/engine.js";
import { FAKE_BOT_USER } from "../fakes/slack.js";
import { mentionEvent } from "../fakes/slack-requests.js";
import { captureLogger } from "./log-capture.js";

// Token-shaped values of every kind citebot holds. Discord bot tokens begin with the base64 of the bot's id:
// "M…"/"N…" for ids starting 1–7, "O…" for ids starting 8 or 9 (bots created in 2020–2021).
const SECRETS = {
  "Slack bot token": "xoxb-2468013579-1357924680-AbCdEfGhIjKlMnOpQrStUvWx",
  "Slack app token": "xapp-1-A0123456789-1234567890123-0a1b2c3d4e5f60718293a4b5c6d7e8f9",
  "Slack user token": "xoxp-2468013579-1357924680-1122334455-ffeeddccbbaa",
  "Discord token of a bot whose id starts with 1": "MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.abcdefghijklmnopqrstuvwxyz0123456789AB",
  "Discord token of a bot whose id starts with 7": "NzY1NDMyMTA5ODc2NTQzMjEw.GAbCdE.abcdefghijklmnopqrstuvwxyz0123456789AB",
  "Discord token of a bot whose id starts with 9": "OTg3NjU0MzIxMDk4NzY1NDMy.GAbCdE.abcdefghijklmnopqrstuvwxyz0123456789AB",
  "OpenAI API key": "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
};

const leaked = (logs: string, secrets: Record<string, string>) => Object.entries(secrets).flatMap(([name, value]) => (logs.includes(value) ? [name] : []));

describe("secrets in error messages", () => {
  // Found here (fixed in 0687c37): scrubSecrets matched Discord tokens only when they started with M or N, so the
  // token of a bot whose id starts with 8 or 9 ("O…") was logged in clear when an error message carried it.
  it.each(Object.entries(SECRETS))("never logs the %s when an engine error quotes it", async (_kind, secret) => {
    const logs = captureLogger();
    const engine = scriptedEngine({
      reply: () => {
        throw new Error(`upstream rejected Authorization: Bearer ${secret} (token=${secret})`, { cause: new Error(`cause also has ${secret}`) });
      },
    });
    const conversation = createConversation({ engine, logger: logs.logger }, { maxQuestionChars: 1_000, rateLimitPerMinute: 100, answerTimeoutMs: 5_000 });
    const reply = await conversation.handle({ platform: "slack", userId: "U1", channelId: "C1", threadKey: "C1:1", text: "Does Django scale?", isDirect: false });
    expect(reply.kind).toBe("error");
    expect(logs.records.some((record) => record.msg === "could not answer")).toBe(true);
    expect(logs.raw().includes(secret)).toBe(false);
  });
});

describe("secrets in logged settings", () => {
  it("redacts every token and secret when the whole config is logged, at the top level or under `config`", () => {
    const env = {
      SLACK_BOT_TOKEN: SECRETS["Slack bot token"],
      SLACK_APP_TOKEN: SECRETS["Slack app token"],
      SLACK_SIGNING_SECRET: "8f742231b10e8888abcd99yyyzzz85a5",
      DISCORD_TOKEN: SECRETS["Discord token of a bot whose id starts with 9"],
      DISCORD_APP_ID: "987654321098765432",
      OPENAI_API_KEY: SECRETS["OpenAI API key"],
    };
    const config = loadConfig(env);
    const logs = captureLogger();
    logs.logger.info({ config }, "settings");
    logs.logger.info(config, "settings, flat");
    logs.logger.child({ config }).warn("child with settings");
    const { DISCORD_APP_ID: _notSecret, ...secrets } = env;
    expect(leaked(logs.raw(), secrets)).toEqual([]);
  });
});

describe("secrets in adapter logs under faults", () => {
  let slack: Harness | undefined;
  afterEach(async () => {
    await slack?.close();
    slack = undefined;
  });

  it("keeps the Slack bot token and signing secret out of the debug log when posting fails and is retried", async () => {
    slack = await startHarness();
    slack.fake.failNext("reactions.add", { status: 500, body: { ok: false, error: "internal_error" } });
    slack.fake.failNext("chat.postMessage", { status: 429, headers: { "retry-after": "0" }, body: { ok: false, error: "ratelimited" } });
    slack.fake.failNext("chat.postMessage", { body: { ok: false, error: "invalid_auth" } });
    const mention = mentionEvent({ text: `<@${FAKE_BOT_USER}> Does Django scale?` });
    await slack.sendEvent(mention);
    // The 👀 is cosmetic and not retried; the answer is retried past the 429, refused for invalid_auth, and apologised for.
    await slack.fake.waitForCall("chat.postMessage", (call) => call.args.thread_ts === mention.ts && /reference/.test(String(call.args.text)));
    const posts = slack.fake.callsTo("chat.postMessage").filter((call) => call.args.thread_ts === mention.ts);
    expect(posts.map((call) => call.status)).toEqual([429, 200, 200]);
    expect(slack.logs.records.some((record) => record.level >= 40)).toBe(true);
    expect(leaked(slack.logs.raw.join(""), { BOT_TOKEN, SIGNING_SECRET, tokenTail: BOT_TOKEN.slice(-16) })).toEqual([]);
  });

  it("keeps the Discord token out of the debug log when a send fails", async () => {
    const logs = captureLogger();
    const { fake } = await useBot({ logger: logs.logger });
    fake.failNext((call) => call.method === "POST" && call.path === `/channels/${ids.text}/messages`, 500, 0, "Internal Server Error");
    const question = fake.userMessage({ channel: ids.text, content: `<@${ids.bot}> Does Django scale?` });
    await fake.waitForCall(repliesTo(question));
    expect(leaked(logs.raw(), { FAKE_TOKEN })).toEqual([]);
  });
});
