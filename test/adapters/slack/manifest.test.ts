import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { SLACK_BOT_SCOPES, SLACK_OPTIONAL_SCOPES } from "../../../src/adapters/slack/connect.js";
import { loadConfig } from "../../../src/config.js";
import { MANIFEST_SCOPES } from "../../fakes/slack.js";

const manifest = fs.readFileSync(new URL("../../../slack-app-manifest.yaml", import.meta.url), "utf8");
const listed = (key: string) => {
  const block = new RegExp(`\\n(\\s*)${key}:\\n((?:\\1\\s+- .*\\n)+)`).exec(manifest)?.[2] ?? "";
  return block.split("\n").map((line) => line.replace(/#.*$/, "").replace(/^\s*-\s*/, "").trim()).filter(Boolean);
};

describe("slack-app-manifest.yaml", () => {
  it("subscribes to every event the adapter handles", () => {
    expect(listed("bot_events")).toEqual(expect.arrayContaining(["app_mention", "message.im", "message.mpim", "message.channels", "assistant_thread_started"]));
  });

  it("asks for the scope of every Web API method the adapter calls", () => {
    // chat.postMessage/postEphemeral, reactions.add/remove, assistant.threads.*, commands, events.
    expect(listed("bot")).toEqual(expect.arrayContaining(["app_mentions:read", "chat:write", "commands", "reactions:write", "im:history", "channels:history", "assistant:write"]));
  });

  it("asks for every scope start-up checks for, required or optional, and the fake Slack grants the same", () => {
    const checked = [...SLACK_BOT_SCOPES, ...Object.keys(SLACK_OPTIONAL_SCOPES)];
    expect(new Set(listed("bot"))).toEqual(new Set(checked));
    expect(new Set(MANIFEST_SCOPES)).toEqual(new Set(checked));
  });

  it("lets \"Post to channel\" post where citebot has not joined, and hears group DMs", () => {
    expect(listed("bot")).toEqual(expect.arrayContaining(["chat:write.public", "mpim:history"]));
  });

  it("points only to documentation that exists", () => {
    for (const [, target] of manifest.matchAll(/\b((?:docs|README)[\w./-]*\.md)\b/g)) expect(fs.existsSync(new URL(`../../../${target}`, import.meta.url))).toBe(true);
  });

  it("declares the default slash command and interactivity for the buttons", () => {
    expect(manifest).toContain(`command: ${loadConfig({}).SLACK_COMMAND}`);
    expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true/);
    expect(manifest).toMatch(/assistant_view:/);
  });
});
