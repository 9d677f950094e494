import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { ErrorCode } from "../../src/errors.js";
import { runScript } from "./child-process.js";

const BOT = "xoxb-2468013579-1357924680-AbCdEfGhIjKlMnOpQrStUvWx";
const APP = "xapp-1-A0123456789-1234567890123-0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const DISCORD = "OTg3NjU0MzIxMDk4NzY1NDMy.GAbCdE.abcdefghijklmnopqrstuvwxyz0123456789AB";
const SIGNING = "8f742231b10e8888abcd99yyyzzz85a5";

function problem(env: Record<string, string>): { code: string; message: string } {
  try {
    loadConfig(env);
    return { code: "none", message: "" };
  } catch (error) {
    return { code: (error as { code?: string }).code ?? "uncoded", message: (error as Error).message };
  }
}

describe("loadConfig names each missing or bad setting", () => {
  it.each<[string, Record<string, string>, string, RegExp]>([
    ["a signing secret without a bot token", { SLACK_SIGNING_SECRET: SIGNING }, "SLACK_BOT_TOKEN", /OAuth & Permissions/],
    ["an app token without a bot token", { SLACK_APP_TOKEN: APP }, "SLACK_BOT_TOKEN", /xoxb-/],
    ["a bot token with neither app token nor signing secret", { SLACK_BOT_TOKEN: BOT }, "SLACK_APP_TOKEN or SLACK_SIGNING_SECRET", /Socket Mode|Basic Information/],
    ["an app token pasted as the bot token", { SLACK_BOT_TOKEN: APP, SLACK_SIGNING_SECRET: SIGNING }, "SLACK_BOT_TOKEN", /must start with "xoxb-"/],
    ["a bot token pasted as the app token", { SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: BOT }, "SLACK_APP_TOKEN", /must start with "xapp-"/],
    ["a Discord token without the application id", { DISCORD_TOKEN: DISCORD }, "DISCORD_APP_ID", /Developer Portal/],
    ["an application id without the Discord token", { DISCORD_APP_ID: "987654321098765432" }, "DISCORD_TOKEN", /Developer Portal/],
    ["an application id that is not a number", { DISCORD_TOKEN: DISCORD, DISCORD_APP_ID: "citebot" }, "DISCORD_APP_ID", /numeric/],
    ["PORT=abc", { PORT: "abc" }, "PORT", /whole number from 0 to 65535/],
    ["PORT=70000", { PORT: "70000" }, "PORT", /whole number from 0 to 65535/],
    ["PORT=-1", { PORT: "-1" }, "PORT", /whole number/],
    ["RATE_LIMIT_PER_MINUTE=0", { RATE_LIMIT_PER_MINUTE: "0" }, "RATE_LIMIT_PER_MINUTE", /whole number/],
    ["MAX_QUESTION_CHARS=5", { MAX_QUESTION_CHARS: "5" }, "MAX_QUESTION_CHARS", /whole number/],
    ["ANSWER_TIMEOUT_MS=soon", { ANSWER_TIMEOUT_MS: "soon" }, "ANSWER_TIMEOUT_MS", /whole number/],
    ["ALLOW_DMS=maybe", { ALLOW_DMS: "maybe" }, "ALLOW_DMS", /true or false/],
    ["SLACK_API_URL that is not a URL", { SLACK_API_URL: "slack" }, "SLACK_API_URL", /URL/],
    ["SLACK_COMMAND without its slash", { SLACK_COMMAND: "ask" }, "SLACK_COMMAND", /"\/ask"/],
    ["GENERATOR=openai without a key", { GENERATOR: "openai" }, "OPENAI_API_KEY", /API key/],
    ["an unknown EMBEDDINGS", { EMBEDDINGS: "word2vec" }, "EMBEDDINGS", /use-lite/],
    ["LLM_MODEL without a provider", { LLM_MODEL: "gpt-4o-mini" }, "LLM_MODEL", /provider:model, e\.g\. "openai:gpt-4o-mini"/],
    ["GENERATOR=llm without LLM_MODEL", { GENERATOR: "llm" }, "LLM_MODEL", /provider:model/],
    ["GENERATOR=openai and LLM_MODEL together", { GENERATOR: "openai", OPENAI_API_KEY: "sk-test", LLM_MODEL: "openai:gpt-4o" }, "GENERATOR and LLM_MODEL", /leave GENERATOR empty/],
    ["LLM_MODEL=openai:… without a key", { LLM_MODEL: "openai:gpt-4o-mini" }, "OPENAI_API_KEY", /LLM_MODEL=openai:… .*API key/],
  ])("for %s, names %s and what to do", (_case, env, setting, hint) => {
    const { code, message } = problem(env);
    expect({ code, names: message.includes(`${setting}:`), hint: hint.test(message) }).toEqual({ code: ErrorCode.ConfigInvalid, names: true, hint: true });
  });

  it("names every bad setting in one message", () => {
    const { message } = problem({ PORT: "abc", ALLOW_DMS: "maybe", SLACK_COMMAND: "ask", LOG_LEVEL: "loud" });
    expect(["PORT:", "ALLOW_DMS:", "SLACK_COMMAND:", "LOG_LEVEL:"].filter((name) => !message.includes(name))).toEqual([]);
  });

  it("never repeats a token or secret it rejects", () => {
    const messages = [
      problem({ SLACK_BOT_TOKEN: APP, SLACK_SIGNING_SECRET: SIGNING }).message,
      problem({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: BOT }).message,
      problem({ DISCORD_TOKEN: DISCORD }).message,
      problem({ SLACK_SIGNING_SECRET: SIGNING }).message,
    ].join("\n");
    expect([BOT, APP, DISCORD, SIGNING].filter((secret) => messages.includes(secret))).toEqual([]);
  });
});

describe("npm start with bad settings", () => {
  it("exits 2 at once with one message naming PORT, no stack trace, no secret", async () => {
    const outcome = await runScript("src/main.ts", [], { PORT: "abc", SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING }, 30_000);
    expect({ code: outcome.code, killedAtLimit: outcome.killedAtLimit, namesPort: /PORT: must be a whole number/.test(outcome.stderr), stack: /^\s+at /m.test(outcome.stderr), secret: outcome.stderr.includes(BOT) || outcome.stderr.includes(SIGNING) }).toEqual({
      code: 2,
      killedAtLimit: false,
      namesPort: true,
      stack: false,
      secret: false,
    });
  }, 40_000);

  // @langchain/anthropic is deliberately not a dependency: it stands for any provider whose package is missing.
  it("exits 2 with the npm install command when LLM_MODEL's provider package is missing, before any indexing, without a stack trace", async () => {
    const outcome = await runScript("src/main.ts", [], { LLM_MODEL: "anthropic:claude-sonnet-4-5", CORPUS_DIR: "corpus-that-does-not-exist" }, 30_000);
    expect({ code: outcome.code, killedAtLimit: outcome.killedAtLimit, install: outcome.stderr.includes("LLM_MODEL=anthropic:claude-sonnet-4-5: the anthropic provider needs the @langchain/anthropic package, which is not installed; run `npm install @langchain/anthropic`"), stack: /^\s+at /m.test(outcome.stderr) }).toEqual({
      code: 2,
      killedAtLimit: false,
      install: true,
      stack: false,
    });
  }, 40_000);

  it("exits 2 naming DISCORD_APP_ID when only the Discord token is set, without printing the token", async () => {
    const outcome = await runScript("src/main.ts", [], { DISCORD_TOKEN: DISCORD }, 30_000);
    expect({ code: outcome.code, namesAppId: outcome.stderr.includes("DISCORD_APP_ID:"), token: outcome.stderr.includes(DISCORD) }).toEqual({ code: 2, namesAppId: true, token: false });
  }, 40_000);
});
