import { afterEach, describe, expect, it } from "vitest";
import { createSlackBot } from "../../../src/adapters/slack/bot.js";
import { slackConnection, slackOptions } from "../../../src/app.js";
import { createConversation } from "../../../src/chat/conversation.js";
import type { FeedbackLog } from "../../../src/store/feedback.js";
import { type Config, loadConfig } from "../../../src/config.js";
import { CitebotError, ErrorCode } from "../../../src/errors.js";
import { silentLogger } from "../../../src/logger.js";
import { SLACK_BOT_SCOPES, SLACK_OPTIONAL_SCOPES } from "../../../src/adapters/slack/connect.js";
import { scriptedEngine } from "../../fakes/engine.js";
import { FAKE_BOT_USER } from "../../fakes/slack.js";
import { mentionEvent } from "../../fakes/slack-requests.js";
import { type Harness, startHarness } from "./harness.js";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** These tests stop at construction: nothing is ever rated. */
const unusedFeedback: FeedbackLog = { record: () => Promise.reject(new Error("not used")), list: async () => [] };

function build(config: Config) {
  const logger = silentLogger();
  const conversation = createConversation({ engine: scriptedEngine(), logger }, { maxQuestionChars: 1000, rateLimitPerMinute: 10, answerTimeoutMs: 1000 });
  return createSlackBot({ conversation, feedback: unusedFeedback, logger }, slackConnection(config), slackOptions(config));
}

describe("createSlackBot settings", () => {
  it("names SLACK_BOT_TOKEN when it is missing", () => {
    const config = { ...loadConfig({}), SLACK_SIGNING_SECRET: "s" };
    expect(() => build(config)).toThrow(expect.objectContaining({ code: ErrorCode.ConfigInvalid, message: expect.stringContaining("SLACK_BOT_TOKEN") }));
  });

  it("names SLACK_SIGNING_SECRET when neither it nor SLACK_APP_TOKEN is set", () => {
    const config = { ...loadConfig({}), SLACK_BOT_TOKEN: "xoxb-1" };
    let thrown: unknown;
    try {
      build(config);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CitebotError);
    expect((thrown as CitebotError).message).toMatch(/^SLACK_SIGNING_SECRET: missing/);
    expect((thrown as CitebotError).message).toContain("SLACK_APP_TOKEN");
  });

  it("names the option and the value when an option is out of range", () => {
    const logger = silentLogger();
    const conversation = createConversation({ engine: scriptedEngine(), logger });
    const build = () => createSlackBot({ conversation, feedback: unusedFeedback, logger }, { botToken: "xoxb-1", signingSecret: "s" }, { port: 70_000 });
    expect(build).toThrow(expect.objectContaining({ code: ErrorCode.ConfigInvalid, message: expect.stringMatching(/^createSlackBot: option port .*70000/) }));
  });

  it("uses HTTP mode when only the signing secret is set", () => {
    const adapter = build(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" }));
    expect(adapter.mode).toBe("http");
  });
});

describe("Slack scopes", () => {
  it("starts without the optional scopes of a newer manifest, saying what is missing and how to add it", async () => {
    harness = await startHarness({ scopes: [...SLACK_BOT_SCOPES] });
    const warnings = await Promise.all(Object.keys(SLACK_OPTIONAL_SCOPES).map((scope) => harness!.logs.waitFor((record) => record.scope === scope)));
    for (const warning of warnings) expect(warning.msg).toMatch(/lacks the .* scope, so .*reinstall the app/);
    await harness.sendEvent(mentionEvent({ text: `<@${FAKE_BOT_USER}> Is Django fast?` }));
    await harness.fake.waitForCall("chat.postMessage");
  });
});

describe("Slack /healthz", () => {
  it("reports the indexed documents and uptime without a Slack signature", async () => {
    harness = await startHarness();
    const response = await fetch(`${harness.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, indexLoaded: true, documents: 1, uptimeSeconds: expect.any(Number) });
  });

  it("answers 503 while nothing is indexed", async () => {
    harness = await startHarness({ engine: scriptedEngine({ topics: [] }) });
    const response = await fetch(`${harness.baseUrl}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ ok: false, documents: 0 });
  });
});
