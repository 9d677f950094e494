import { describe, expect, it } from "vitest";
import { GatewayIntentBits } from "discord.js";
import { ErrorCode } from "../../../src/errors.js";
import { ids } from "../../fakes/discord.js";
import { memoryLogger, repliesTo, startBot, useBot } from "./harness.js";

const RESUME = 6;
const IDENTIFY = 2;

describe("Discord: gateway connection", () => {
  it("resumes after the gateway connection drops and answers what was asked meanwhile", async () => {
    const logs = memoryLogger();
    const { fake } = await useBot({ logger: logs.logger });
    const resumed = fake.gateway.waitForOp(RESUME);
    fake.dropConnection();
    // Sent while the bot is away: Discord replays it on RESUME.
    const question = fake.userMessage({ channel: ids.text, content: `<@${ids.bot}> is django scalable?` });

    await resumed;
    const reply = await fake.waitForCall(repliesTo(question));

    expect(reply.body.embeds?.[0]?.description).toContain("Django scales exceptionally");
    expect(fake.gateway.ops.filter((op) => op === IDENTIFY)).toHaveLength(1);
    expect(logs.lines().map((line) => line.msg)).toEqual(expect.arrayContaining(["Discord gateway connection lost; reconnecting", "Discord gateway session resumed"]));
  });

  it("asks for the Message Content intent when the application has it", async () => {
    const { fake } = await useBot({ messageContent: true });

    expect((fake.gateway.identifyIntents ?? 0) & GatewayIntentBits.MessageContent).toBe(GatewayIntentBits.MessageContent);
  });

  it("runs without the Message Content intent when it is not granted, says what is degraded, and still answers mentions", async () => {
    const logs = memoryLogger();
    const { fake } = await useBot({ messageContent: false, logger: logs.logger });
    const question = fake.userMessage({ channel: ids.text, content: `<@${ids.bot}> is django scalable?` });

    const reply = await fake.waitForCall(repliesTo(question));

    expect((fake.gateway.identifyIntents ?? 0) & GatewayIntentBits.MessageContent).toBe(0);
    expect(reply.body.embeds?.[0]?.description).toContain("Django scales exceptionally");
    const warning = logs.lines().find((line) => line.level === 40 && String(line.msg).includes("Message Content intent not granted"));
    expect(warning?.msg).toContain("follow-ups without an @mention");
  });

  it("stops with one clear message naming DISCORD_TOKEN when Discord rejects the token", async () => {
    const failure = startBot({ env: { DISCORD_TOKEN: "wrong.token.value" } });

    await expect(failure).rejects.toMatchObject({ code: ErrorCode.CredentialsRejected, message: expect.stringMatching(/^DISCORD_TOKEN: Discord rejected the bot token/) });
  });

  it("names DISCORD_APP_ID when it belongs to another application than the token", async () => {
    const failure = startBot({ env: { DISCORD_APP_ID: "999999999999999999" } });

    await expect(failure).rejects.toMatchObject({ code: ErrorCode.ConfigInvalid, message: expect.stringContaining("DISCORD_APP_ID: is 999999999999999999") });
  });

  it("never logs the token", async () => {
    const logs = memoryLogger();
    const { fake } = await useBot({ logger: logs.logger });
    const question = fake.userMessage({ channel: ids.text, content: `<@${ids.bot}> is django scalable?` });
    await fake.waitForCall(repliesTo(question));

    expect(logs.lines().length).toBeGreaterThan(0);
    expect(JSON.stringify(logs.lines())).not.toContain("fake.bot.token");
  });
});
