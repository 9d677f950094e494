import { once } from "node:events";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ids, type RestCall } from "../fakes/discord.js";
import { openStore } from "../../src/store/open-store.js";
import type { Exit } from "../reliability/child-process.js";
import { type LogLine, type NpmStart, isReady, npmStart } from "./npm-start.js";
import { type World, askSlack, createWorld, discordText } from "./world.js";

// `npm start` with DISCORD_SHARDS=2 against the loopback Discord, which routes each server's events to shard
// (guild_id >> 22) % 2: ids.guild to shard 0, ids.otherGuild to shard 1. Each shard is a child process; they share
// the SQLite store under DATA_DIR.

const repliesTo = (id: string) => (call: RestCall) => call.method === "POST" && /^\/channels\/\d+\/messages$/.test(call.path) && call.status === 200 && call.body.message_reference?.message_id === id;
/** Each shard loads its own engine while the first questions arrive; on a loaded machine that outlasts the default answer timeout, which is not what these tests are about. */
const PATIENT = { ANSWER_TIMEOUT_MS: "90000" };
const callbackOf = (interactionId: string) => (call: RestCall) => call.method === "POST" && call.path.startsWith(`/interactions/${interactionId}/`) && call.path.endsWith("/callback");
const connectedShard = (shard: number) => (line: LogLine) => line.msg === "Discord bot connected" && JSON.stringify(line.shards) === JSON.stringify([shard]);

describe("npm start with DISCORD_SHARDS=2", () => {
  let world: World;
  let bot: NpmStart;
  let parentPid: number;
  let healthUrl: string;

  beforeAll(async () => {
    world = await createWorld();
    const { SLACK_BOT_TOKEN: _token, SLACK_SIGNING_SECRET: _secret, SLACK_API_URL: _url, ...discordOnly } = world.settings;
    bot = npmStart({ ...discordOnly, ...PATIENT, DISCORD_SHARDS: "2" });
    await bot.waitForLog((line) => line.msg === "Discord shards connected", 120_000);
    await bot.waitForLog(isReady);
    parentPid = await bot.botPid();
    const { port } = await bot.waitForLog((line) => /^serving \/healthz/.test(line.msg));
    healthUrl = `http://127.0.0.1:${String(port)}/healthz`;
  });

  afterAll(async () => {
    await bot?.destroy();
    await world?.close();
  });

  it("runs each shard in a child process of its own that identifies with its shard of two", async () => {
    const [zero, one] = await Promise.all([bot.waitForLog(connectedShard(0)), bot.waitForLog(connectedShard(1))]);

    expect(world.discord.gateway.identified.toSorted()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(new Set([parentPid, zero.pid, one.pid]).size).toBe(3);
    // The parent holds no gateway session of its own: two IDENTIFYs, one per shard.
    expect(world.discord.gateway.ops.filter((op) => op === 2)).toHaveLength(2);
  });

  it("answers each server's question from the shard the server belongs to, once", async () => {
    const first = world.discord.userMessage({ channel: ids.text, content: `<@${ids.bot}> How tall is the Bell Rock lighthouse?` });
    const second = world.discord.userMessage({ channel: ids.otherGuildText, content: `<@${ids.bot}> Which volcano buried Pompeii?` });

    const [firstReply, secondReply] = await Promise.all([world.discord.waitForCall(repliesTo(first)), world.discord.waitForCall(repliesTo(second))]);

    expect(discordText(firstReply)).toMatch(/35 metres/);
    expect(discordText(secondReply)).toMatch(/Vesuvius/);
    expect(firstReply.path).toBe(`/channels/${ids.text}/messages`);
    expect(secondReply.path).toBe(`/channels/${ids.otherGuildText}/messages`);
    // The fake delivers a server's events to its shard's session only, so the shard that got each question answered it.
    const questions = world.discord.gateway.routed.filter((event) => event.type === "MESSAGE_CREATE" && event.guildId !== undefined).slice(0, 2);
    expect(questions).toEqual([
      { type: "MESSAGE_CREATE", shard: 0, guildId: ids.guild },
      { type: "MESSAGE_CREATE", shard: 1, guildId: ids.otherGuild },
    ]);
    expect(world.discord.calls.filter(repliesTo(first))).toHaveLength(1);
    expect(world.discord.calls.filter(repliesTo(second))).toHaveLength(1);
  });

  it("stores a 👍 that reaches shard 1 on an answer shard 0 posted, through the shared store", async () => {
    const question = world.discord.userMessage({ channel: ids.text, content: `<@${ids.bot}> Who finished building the Bell Rock tower?` });
    const answer = await world.discord.waitForCall(repliesTo(question));
    const up = answer.body.components?.[0]?.components[0]?.custom_id;
    if (!up) throw new Error("the answer has no feedback buttons");
    const answerId = String((answer.response as { id: unknown }).id);

    // As after a change of shard count: the click on shard 0's answer arrives at shard 1, which never saw the answer.
    const click = world.discord.clickButton({ messageId: answerId, customId: up, shard: 1 });
    const callback = await world.discord.waitForCall(callbackOf(click));
    const recorded = await bot.waitForLog((line) => line.msg === "feedback recorded");

    expect((callback.json as { data?: { content?: string } }).data?.content).toBe("Thanks for the 👍 feedback!");
    expect(recorded.shards).toEqual([1]);
    // Found in the store shard 0 wrote, not read back from the message as for an answer the store has lost.
    expect(recorded.restored).toBe(false);
    expect(world.discord.gateway.routed.filter((event) => event.type === "INTERACTION_CREATE").at(-1)?.shard).toBe(1);
    const store = await openStore({ dataDir: path.join(world.dir, "data") });
    try {
      const feedback = await store.feedback.list();
      expect(feedback).toHaveLength(1);
      expect(feedback[0]).toMatchObject({ platform: "discord", verdict: "up", question: "Who finished building the Bell Rock tower?", channelId: ids.text });
    } finally {
      await store.close();
    }
  });

  it("reports both shards connected on the parent's /healthz", async () => {
    const response = await fetch(healthUrl);
    const body = (await response.json()) as { platforms?: Record<string, { state: string }> };

    expect(response.status).toBe(200);
    expect(body.platforms?.discord?.state).toBe("ready");
  });

  it("stops every shard on SIGTERM to npm, and exits 0", async () => {
    const pids = [(await bot.waitForLog(connectedShard(0))).pid, (await bot.waitForLog(connectedShard(1))).pid];
    bot.npm.kill("SIGTERM");
    const exit: Exit = await bot.exited;

    expect(exit).toEqual({ code: 0, signal: null });
    expect(bot.logs().filter((line) => line.msg === "Discord bot disconnected").map((line) => line.pid).toSorted()).toEqual(pids.toSorted());
    for (const pid of pids) expect(() => process.kill(Number(pid), 0)).toThrow();
  });
});

describe("npm start with DISCORD_SHARDS=auto and DISCORD_SHARD_IDS=1, beside Slack", () => {
  let world: World;
  let bot: NpmStart;

  beforeAll(async () => {
    world = await createWorld({ recommendedShards: 2 });
    bot = npmStart({ ...world.settings, ...PATIENT, DISCORD_SHARDS: "auto", DISCORD_SHARD_IDS: "1" });
    await bot.waitForLog((line) => line.msg === "Discord shards connected", 120_000);
  });

  afterAll(async () => {
    await bot?.destroy();
    await world?.close();
  });

  it("runs only shard 1 of the 2 Discord recommends, and Slack in the parent", async () => {
    const { port } = await bot.waitForLog((line) => /^Slack adapter ready/.test(line.msg));
    const question = world.discord.userMessage({ channel: ids.otherGuildText, content: `<@${ids.bot}> Which volcano buried Pompeii?` });

    const [discordReply, slack] = await Promise.all([
      world.discord.waitForCall(repliesTo(question)),
      askSlack(world, `http://127.0.0.1:${String(port)}/slack/events`, "How tall is the Bell Rock lighthouse?"),
    ]);

    expect(world.discord.calls.some((call) => call.method === "GET" && call.path === "/gateway/bot")).toBe(true);
    expect(world.discord.gateway.identified).toEqual([[1, 2]]);
    expect(discordText(discordReply)).toMatch(/Vesuvius/);
    expect(JSON.stringify(slack.reply.args)).toMatch(/35 metres/);
    const parentPid = await bot.botPid();
    expect(bot.logs().find((line) => /^Slack adapter ready/.test(line.msg))?.pid).toBe(parentPid);
  });

  it("stops the shard when its parent is killed (-9), so no orphan runs on", async () => {
    const shard = await bot.waitForLog(connectedShard(1));
    const output = bot.npm.stderr;
    if (!output) throw new Error("npm start has no stderr");
    // The shard writes to the same stderr: it closes once npm, the parent and the shard have all exited.
    const closed = once(output, "close");

    process.kill(await bot.botPid(), "SIGKILL");
    await closed;

    expect(bot.logs().some((line) => line.pid === shard.pid && line.msg === "stopped")).toBe(true);
    expect(running(Number(shard.pid))).toBe(false);
  });
});

/** Whether a process runs: an orphan that exited stays a zombie until its new parent (init here) reaps it. */
function running(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}
