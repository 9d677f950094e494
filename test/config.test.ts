import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigSchema, discordEnabled, discordSharded, loadConfig, slackEnabled } from "../src/config.js";
import { ErrorCode } from "../src/errors.js";

const documented = new Set(
  fs
    .readFileSync(new URL("../.env.example", import.meta.url), "utf8")
    .split("\n")
    .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
    .filter((name): name is string => Boolean(name)),
);

describe("settings", () => {
  it("documents every setting in .env.example, and nothing else", () => {
    expect([...documented].sort()).toEqual(Object.keys(ConfigSchema.shape).sort());
  });

  it("starts with no settings at all: the terminal chat on the shipped corpus", () => {
    const config = loadConfig({});
    expect(config.INDEX_DIR).toBe("data/index");
    expect(config.EMBEDDINGS).toBe("use-lite");
    expect(slackEnabled(config) || discordEnabled(config)).toBe(false);
  });

  it("reads the values .env.example ships with", () => {
    const env = Object.fromEntries(
      fs
        .readFileSync(new URL("../.env.example", import.meta.url), "utf8")
        .split("\n")
        .map((line) => /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line))
        .filter((match): match is RegExpExecArray => match !== null)
        .map((match) => [match[1], match[2]]),
    );
    expect(() => loadConfig(env)).not.toThrow();
  });

  it("names each bad setting in one message", () => {
    const message = (() => {
      try {
        loadConfig({ PORT: "abc", GENERATOR: "gpt", ALLOW_DMS: "maybe" });
        return "";
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toMatch(/PORT: must be a whole number from 0 to 65535/);
    expect(message).toMatch(/GENERATOR: .*"extractive"/);
    expect(message).toMatch(/ALLOW_DMS: must be true or false/);
  });

  it.each([
    ["GENERATOR", "gpt", ["extractive", "openai", "ollama", "llm"], /Leave it empty for extractive, or for llm when LLM_MODEL is set/],
    ["EMBEDDINGS", "bert", ["use-lite", "openai", "ollama"], /npm run ingest/],
    ["LOG_LEVEL", "loud", ["fatal", "error", "warn", "info", "debug", "trace", "silent"], /the default/],
  ] as const)("lists every value %s accepts, each with what it does, for a wrong one", (name, wrong, values, note) => {
    const message = (() => {
      try {
        loadConfig({ [name]: wrong });
        return "";
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toContain(`${name}: "${wrong}" is not a choice; use ${values.slice(0, -1).map((value) => `"${value}"`).join(", ")} or "${values.at(-1)}":`);
    for (const value of values) expect(message).toMatch(new RegExp(`\\n {6}${value} +\\S`));
    expect(message).toMatch(note);
    expect(message).not.toMatch(/Invalid option|expected one of/);
  });

  it("says which Slack setting is missing and where to find it", () => {
    try {
      loadConfig({ SLACK_SIGNING_SECRET: "secret" });
      expect.unreachable();
    } catch (error) {
      expect((error as { code: string }).code).toBe(ErrorCode.ConfigInvalid);
      expect((error as Error).message).toMatch(/SLACK_BOT_TOKEN: missing; .*OAuth & Permissions/);
    }
  });

  it("rejects a bot token of the wrong kind", () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: "xapp-not-a-bot-token", SLACK_SIGNING_SECRET: "s" })).toThrowError(/SLACK_BOT_TOKEN: must start with "xoxb-"/);
  });

  it("needs both Discord settings together", () => {
    expect(() => loadConfig({ DISCORD_TOKEN: "abc" })).toThrowError(/DISCORD_APP_ID: missing/);
    expect(discordEnabled(loadConfig({ DISCORD_TOKEN: "abc", DISCORD_APP_ID: "123456789012345678" }))).toBe(true);
  });
});

describe("GENERATOR and LLM_MODEL", () => {
  it("answers extractively when neither is set", () => {
    expect(loadConfig({}).GENERATOR).toBe("extractive");
  });

  it("turns the LLM on when LLM_MODEL alone is set", () => {
    expect(loadConfig({ LLM_MODEL: "ollama:llama3.1" }).GENERATOR).toBe("llm");
  });

  it("accepts GENERATOR=llm alongside LLM_MODEL", () => {
    expect(loadConfig({ GENERATOR: "llm", LLM_MODEL: "ollama:llama3.1" }).GENERATOR).toBe("llm");
  });

  it.each(["extractive", "openai", "ollama"])("refuses GENERATOR=%s with LLM_MODEL, naming both in one line", (generator) => {
    expect(() => loadConfig({ GENERATOR: generator, LLM_MODEL: "ollama:llama3.1", OPENAI_API_KEY: "sk-test" })).toThrowError(
      new RegExp(`GENERATOR and LLM_MODEL: both choose the generator \\(GENERATOR=${generator}, LLM_MODEL=ollama:llama3.1\\); leave GENERATOR empty`),
    );
  });
});

describe("DATABASE_URL", () => {
  it("keeps the store in SQLite under DATA_DIR when empty", () => {
    expect(loadConfig({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });

  it("accepts postgres:// and postgresql:// URLs", () => {
    expect(loadConfig({ DATABASE_URL: "postgres://citebot:pw@db:5432/citebot" }).DATABASE_URL).toBe("postgres://citebot:pw@db:5432/citebot");
    expect(loadConfig({ DATABASE_URL: "postgresql://db/citebot" }).DATABASE_URL).toBe("postgresql://db/citebot");
  });

  it("names the setting and the expected form for any other URL, without echoing its password", () => {
    try {
      loadConfig({ DATABASE_URL: "mysql://root:hunter2@db/citebot" });
      expect.unreachable();
    } catch (error) {
      expect((error as { code: string }).code).toBe(ErrorCode.ConfigInvalid);
      expect((error as Error).message).toMatch(/DATABASE_URL: must be a PostgreSQL URL such as postgres:\/\//);
      expect((error as Error).message).not.toContain("hunter2");
    }
  });
});

describe("DISCORD_SHARDS and DISCORD_SHARD_IDS", () => {
  const discord = { DISCORD_TOKEN: "abc", DISCORD_APP_ID: "123456789012345678" };

  it("runs Discord in this process, unsharded, when DISCORD_SHARDS is empty", () => {
    const config = loadConfig({ ...discord, DISCORD_SHARDS: "" });
    expect(config.DISCORD_SHARDS).toBeUndefined();
    expect(config.DISCORD_SHARD_IDS).toEqual([]);
    expect(discordSharded(config)).toBe(false);
  });

  it("accepts auto or a count, and shard ids of that count", () => {
    expect(loadConfig({ ...discord, DISCORD_SHARDS: "auto" }).DISCORD_SHARDS).toBe("auto");
    const config = loadConfig({ ...discord, DISCORD_SHARDS: "4", DISCORD_SHARD_IDS: "3, 1,1" });
    expect(config.DISCORD_SHARDS).toBe(4);
    expect(config.DISCORD_SHARD_IDS).toEqual([1, 3]);
    expect(discordSharded(config)).toBe(true);
  });

  it.each(["0", "-1", "2.5", "many", "5000"])("names DISCORD_SHARDS and its form for %j", (value) => {
    expect(() => loadConfig({ ...discord, DISCORD_SHARDS: value })).toThrowError(/DISCORD_SHARDS: must be "auto" or a whole number from 1 to 4096 \(empty: no sharding\)/);
  });

  it("rejects shard ids that are not numbers, or beyond the count", () => {
    expect(() => loadConfig({ ...discord, DISCORD_SHARDS: "2", DISCORD_SHARD_IDS: "0,x" })).toThrowError(/DISCORD_SHARD_IDS.*must be shard ids \(0, 1, 2, …\), comma-separated/);
    expect(() => loadConfig({ ...discord, DISCORD_SHARDS: "2", DISCORD_SHARD_IDS: "1,2" })).toThrowError(/DISCORD_SHARD_IDS: ids run from 0 to 1 with DISCORD_SHARDS=2; got 1,2/);
  });

  it("needs DISCORD_SHARDS for shard ids, and Discord itself for either", () => {
    expect(() => loadConfig({ ...discord, DISCORD_SHARD_IDS: "0" })).toThrowError(/DISCORD_SHARDS: missing/);
    expect(() => loadConfig({ DISCORD_SHARDS: "2" })).toThrowError(/DISCORD_TOKEN and DISCORD_APP_ID: missing; DISCORD_SHARDS/);
  });
});
