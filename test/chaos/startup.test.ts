import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ids } from "../fakes/discord-payloads.js";
import { type OutageProxy, startOutageProxy } from "../fakes/outage-proxy.js";
import { MANIFEST_SCOPES, startFakeSlack } from "../fakes/slack.js";
import { type NpmStart, isReady, npmStart } from "./npm-start.js";
import { type World, askDiscord, askSlack, createWorld } from "./world.js";

// Start-up against platforms that refuse the credentials or cannot be reached, through `npm start`.

const CREDENTIALS_REJECTED = 3;
const EXIT_MS = 30_000;

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

function slackOnly(settings: Record<string, string>): Record<string, string> {
  const { DISCORD_TOKEN: _token, DISCORD_APP_ID: _app, DISCORD_API_URL: _url, ...rest } = settings;
  return rest;
}

function discordOnly(settings: Record<string, string>): Record<string, string> {
  const { SLACK_BOT_TOKEN: _token, SLACK_SIGNING_SECRET: _secret, SLACK_API_URL: _url, ...rest } = settings;
  return rest;
}

/** Runs `npm start` to its exit (bounded), returning how it ended and what it printed. */
async function runToExit(settings: Record<string, string>) {
  const bot = npmStart(settings);
  const limit = setTimeout(() => void bot.destroy(), EXIT_MS);
  const exit = await bot.exited;
  clearTimeout(limit);
  const stderr = bot.stderr();
  return { code: exit.code, message: /^citebot: (.*)$/m.exec(stderr)?.[1] ?? "", stack: /^\s+at /m.test(stderr) };
}

describe("credentials the platform refuses end npm start with one message and exit code 3", () => {
  it.each([
    ["invalid_auth", /^SLACK_BOT_TOKEN: Slack rejected the token \(invalid_auth\); copy the Bot User OAuth Token/],
    ["not_authed", /^SLACK_BOT_TOKEN: no token reached Slack \(not_authed\)/],
    ["account_inactive", /^SLACK_BOT_TOKEN: the token belongs to an app or user that is no longer active \(account_inactive\); reinstall the app/],
    ["token_revoked", /^SLACK_BOT_TOKEN: the token was revoked or has expired \(token_revoked\); reinstall the app/],
  ])("Slack answering auth.test with %s", { timeout: EXIT_MS + 10_000 }, async (error, message) => {
    const slack = await startFakeSlack();
    slack.respondTo("auth.test", () => ({ body: { ok: false, error } }));
    try {
      const outcome = await runToExit({ ...slackOnly(world.settings), SLACK_API_URL: slack.apiUrl });
      expect(outcome).toEqual({ code: CREDENTIALS_REJECTED, message: expect.stringMatching(message), stack: false });
    } finally {
      await slack.close();
    }
  });

  it("Slack granting the token fewer scopes than the manifest asks for", { timeout: EXIT_MS + 10_000 }, async () => {
    const slack = await startFakeSlack({ scopes: MANIFEST_SCOPES.filter((scope) => scope !== "channels:history" && scope !== "groups:history") });
    try {
      const outcome = await runToExit({ ...slackOnly(world.settings), SLACK_API_URL: slack.apiUrl });
      expect(outcome).toEqual({
        code: CREDENTIALS_REJECTED,
        message: expect.stringMatching(/^SLACK_BOT_TOKEN: the app lacks the scopes channels:history, groups:history \(missing_scope\)\. Add them under OAuth & Permissions/),
        stack: false,
      });
    } finally {
      await slack.close();
    }
  });

  it("Discord rejecting the bot token (401)", { timeout: EXIT_MS + 10_000 }, async () => {
    const outcome = await runToExit({ ...discordOnly(world.settings), DISCORD_TOKEN: "rejected.bot.token" });
    expect(outcome).toEqual({ code: CREDENTIALS_REJECTED, message: expect.stringMatching(/^DISCORD_TOKEN: Discord rejected the bot token \(401\).*Reset Token/), stack: false });
  });

});

describe("a platform that cannot be reached at start", () => {
  let proxy: OutageProxy | undefined;
  let bot: NpmStart | undefined;
  afterAll(async () => {
    await bot?.destroy();
    await proxy?.close();
  });

  async function health(port: unknown) {
    const response = await fetch(`http://127.0.0.1:${String(port)}/healthz`);
    return { status: response.status, body: (await response.json()) as { ok: boolean; platforms: Record<string, { state: string; detail?: string }> } };
  }

  it("Slack: retries with growing waits while /healthz says so, then connects and answers", async () => {
    proxy = await startOutageProxy(world.slack.apiUrl, { down: true });
    bot = npmStart({ ...slackOnly(world.settings), SLACK_API_URL: proxy.url });
    const { port } = await bot.waitForLog((line) => line.msg === "slack adapter listening");
    const retries = [];
    for (let attempt = 1; attempt <= 2; attempt += 1) retries.push(await bot.waitForLog((line) => line.msg === "cannot reach Slack while checking SLACK_BOT_TOKEN; retrying" && line.attempt === attempt));
    const during = await health(port);
    expect(during).toMatchObject({ status: 503, body: { ok: false, platforms: { slack: { state: "retrying", detail: expect.stringContaining("cannot reach Slack") } } } });
    expect(Number(retries[1]?.retryInMs)).toBeGreaterThan(Number(retries[0]?.retryInMs));

    proxy.setDown(false);
    await bot.waitForLog(isReady);
    expect((await health(port)).status).toBe(200);
    const { reply } = await askSlack(world, `http://127.0.0.1:${String(port)}/slack/events`, "How tall is the Bell Rock lighthouse?");
    expect(String(reply.args.text)).toMatch(/35 metres/);
    expect(bot.npm.exitCode).toBeNull();
    await bot.destroy();
    await proxy.close();
    proxy = undefined;
  }, 90_000);

  it("Discord: retries the REST API with growing waits, then rides out an unreachable gateway, while /healthz says so", async () => {
    proxy = await startOutageProxy(world.discord.apiUrl, { down: true });
    world.discord.gateway.refuse = true;
    bot = npmStart({ ...discordOnly(world.settings), DISCORD_API_URL: proxy.url });
    const { port } = await bot.waitForLog((line) => /^serving \/healthz/.test(line.msg));
    const retries = [];
    for (let attempt = 1; attempt <= 2; attempt += 1) retries.push(await bot.waitForLog((line) => line.msg === "cannot reach Discord while checking DISCORD_TOKEN; retrying" && line.attempt === attempt));
    expect(Number(retries[1]?.retryInMs)).toBeGreaterThan(Number(retries[0]?.retryInMs));
    expect(await health(port)).toMatchObject({ status: 503, body: { platforms: { discord: { state: "retrying", detail: expect.stringContaining("cannot reach Discord") } } } });

    // The REST API comes back but the gateway still refuses connections.
    proxy.setDown(false);
    await bot.waitForLog((line) => line.msg === "Discord gateway connection lost; reconnecting");
    expect(await health(port)).toMatchObject({ status: 503, body: { platforms: { discord: { state: "retrying", detail: expect.stringContaining("gateway") } } } });

    world.discord.gateway.refuse = false;
    await bot.waitForLog(isReady);
    expect((await health(port)).status).toBe(200);
    const { reply } = await askDiscord(world, "Which volcano buried Pompeii?", ids.text);
    expect(JSON.stringify(reply.body.embeds)).toMatch(/Vesuvius/);
    expect(bot.npm.exitCode).toBeNull();
  }, 90_000);
});
