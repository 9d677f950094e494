import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";

const manifest = fs.readFileSync(new URL("../../../slack-app-manifest.yaml", import.meta.url), "utf8");
const listed = (key: string) => {
  const block = new RegExp(`\\n(\\s*)${key}:\\n((?:\\1\\s+- .*\\n)+)`).exec(manifest)?.[2] ?? "";
  return block.split("\n").map((line) => line.replace(/#.*$/, "").replace(/^\s*-\s*/, "").trim()).filter(Boolean);
};

describe("slack-app-manifest.yaml", () => {
  it("subscribes to every event the adapter handles", () => {
    expect(listed("bot_events")).toEqual(expect.arrayContaining(["app_mention", "message.im", "message.channels", "assistant_thread_started"]));
  });

  it("asks for the scope of every Web API method the adapter calls", () => {
    // chat.postMessage/postEphemeral, reactions.add/remove, assistant.threads.*, commands, events.
    expect(listed("bot")).toEqual(expect.arrayContaining(["app_mentions:read", "chat:write", "commands", "reactions:write", "im:history", "channels:history", "assistant:write"]));
  });

  it("declares the default slash command and interactivity for the buttons", () => {
    expect(manifest).toContain(`command: ${loadConfig({}).SLACK_COMMAND}`);
    expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true/);
    expect(manifest).toMatch(/assistant_view:/);
  });
});
