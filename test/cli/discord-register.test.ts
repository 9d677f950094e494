import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { askCommand } from "../../src/adapters/discord/commands.js";
import { runDiscordRegister } from "../../src/cli/discord-register.js";
import { FAKE_TOKEN, FakeDiscord, ids } from "../fakes/discord.js";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const isCommandsPut = (call: { method: string; path: string }) => call.method === "PUT" && call.path.endsWith("/commands");

let fake: FakeDiscord;
beforeEach(async () => {
  fake = await FakeDiscord.start();
});
afterEach(async () => {
  await fake.close();
});

function env(extra: Record<string, string> = {}): Record<string, string> {
  return { DISCORD_TOKEN: FAKE_TOKEN, DISCORD_APP_ID: ids.app, DISCORD_API_URL: fake.apiUrl, ...extra };
}

async function runInProcess(argv: string[], settings: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDiscordRegister(argv, { env: settings, out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("npm run discord:register", () => {
  it("puts /ask to DISCORD_GUILD_ID and prints what it registered", async () => {
    // An empty working directory, so no developer's .env leaks in.
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "citebot-register-"));
    try {
      const { stdout } = await run(path.join(root, "node_modules/.bin/tsx"), [path.join(root, "scripts/discord-register.ts")], {
        cwd,
        env: { PATH: process.env.PATH ?? "", HOME: cwd, ...env({ DISCORD_GUILD_ID: ids.guild }) },
      });

      const put = fake.calls.find(isCommandsPut);
      expect(put?.path).toBe(`/applications/${ids.app}/guilds/${ids.guild}/commands`);
      expect(put?.authorization).toBe(`Bot ${FAKE_TOKEN}`);
      expect(put?.json).toEqual([askCommand()]);
      expect(put?.json).toMatchObject([
        { name: "ask", options: [{ name: "question", type: 3, required: true }, { name: "private", type: 5, required: false }] },
      ]);
      expect(stdout).toContain(`Registered 1 command to server ${ids.guild}`);
      expect(stdout).toContain("/ask question:<text> [private:<true|false>]");
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });

  it("registers globally without DISCORD_GUILD_ID", async () => {
    const result = await runInProcess([], env());

    expect(result.code).toBe(0);
    expect(fake.calls.find(isCommandsPut)?.path).toBe(`/applications/${ids.app}/commands`);
    expect(result.out).toContain("Registered 1 command globally");
  });

  it("registers globally with --global even when DISCORD_GUILD_ID is set", async () => {
    const result = await runInProcess(["--global"], env({ DISCORD_GUILD_ID: ids.guild }));

    expect(result.code).toBe(0);
    expect(fake.calls.find(isCommandsPut)?.path).toBe(`/applications/${ids.app}/commands`);
  });

  it("names DISCORD_TOKEN when Discord rejects the token", async () => {
    const result = await runInProcess([], env({ DISCORD_TOKEN: "wrong.token.value" }));

    expect(result.code).toBe(3);
    expect(result.err).toContain("DISCORD_TOKEN: Discord rejected the bot token");
    expect(result.err).not.toContain("wrong.token.value");
  });

  it("names the missing settings without contacting Discord", async () => {
    const result = await runInProcess([], {});

    expect(result.code).toBe(2);
    expect(result.err).toContain("DISCORD_TOKEN and DISCORD_APP_ID");
    expect(fake.calls).toEqual([]);
  });

  it("prints the command JSON with --dry-run and sends nothing", async () => {
    const result = await runInProcess(["--dry-run"], env());

    expect(JSON.parse(result.out)).toEqual([askCommand()]);
    expect(fake.calls).toEqual([]);
  });

  it("rejects an unknown flag with the usage", async () => {
    const result = await runInProcess(["--guilds", "1"], env());

    expect(result.code).toBe(2);
    expect(result.err).toContain("Usage: npm run discord:register");
  });
});
