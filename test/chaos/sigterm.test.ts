import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ids, type RestCall } from "../fakes/discord.js";
import { FAKE_BOT_USER } from "../fakes/slack.js";
import { eventEnvelope, mentionEvent } from "../fakes/slack-requests.js";
import { type HeldSlackApi, holdSlackMethod } from "../reliability/held-slack-api.js";
import type { Exit } from "../reliability/child-process.js";
import { type NpmStart, isReady, npmStart } from "./npm-start.js";
import { type World, createWorld, discordText, postToSlack } from "./world.js";

// SIGTERM sent to the npm process, as a process manager or container runtime sends it, while answers are in flight
// on both platforms. One run lets them finish inside the grace period; the other holds them past it.
// What holds an answer: on Slack, the 👀 reaction call; on Discord (answering in a new thread), the thread creation.
// discord.js sends one request at a time per route, so holding the reply itself would also hold any notice after it.

const ANSWERS_ABANDONED = 4;

interface Run {
  world: World;
  held: HeldSlackApi;
  bot: NpmStart;
  eventsUrl: string;
  healthUrl: string;
}

async function startRun(graceMs: number): Promise<Run> {
  const world = await createWorld();
  // reactions.add is the first thing an answer waits for on Slack: holding it keeps the answer in flight.
  const held = await holdSlackMethod(world.slack.apiUrl, "reactions.add");
  const bot = npmStart({ ...world.settings, SLACK_API_URL: held.apiUrl, SHUTDOWN_GRACE_MS: String(graceMs), DISCORD_REPLY_IN_THREAD: "true" });
  await bot.waitForLog(isReady, 90_000);
  const { port } = await bot.waitForLog((line) => /^Slack adapter ready/.test(line.msg));
  return { world, held, bot, eventsUrl: `http://127.0.0.1:${String(port)}/slack/events`, healthUrl: `http://127.0.0.1:${String(port)}/healthz` };
}

async function askSlack(run: Run, text: string): Promise<string> {
  const event = mentionEvent({ text: `<@${FAKE_BOT_USER}> ${text}` });
  expect((await postToSlack(run.eventsUrl, JSON.stringify(eventEnvelope(event)))).status).toBe(200);
  return String(event.ts);
}

const replyTo = (id: string) => (call: RestCall) => call.method === "POST" && /^\/channels\/\d+\/messages$/.test(call.path) && call.body.message_reference?.message_id === id;
const slackPostIn = (run: Run, ts: string) => run.world.slack.waitForCall("chat.postMessage", (call) => call.args.thread_ts === ts);

/** Puts one answer in flight on each platform, then sends SIGTERM to npm. */
async function inFlightThenSigterm(run: Run) {
  const slackTs = await askSlack(run, "How tall is the Bell Rock lighthouse?");
  await run.held.held();
  const discordId = run.world.discord.userMessage({ channel: ids.text, content: `<@${ids.bot}> Which volcano buried Pompeii?` });
  const discordHeld = run.world.discord.holdNext((call) => call.method === "POST" && call.path === `/channels/${ids.text}/messages/${discordId}/threads`);
  await discordHeld.arrived;
  const pid = await run.bot.botPid();
  run.bot.npm.kill("SIGTERM");
  await run.bot.waitForLog((line) => line.msg === "stopping: finishing answers in progress");
  return { slackTs, discordId, discordHeld, pid };
}

describe("SIGTERM to npm start with answers in flight that finish within the grace period", () => {
  let run: Run;
  let flight: Awaited<ReturnType<typeof inFlightThenSigterm>>;
  let health: { status: number; draining: unknown };
  let late: { slackTs: string; discordId: string };
  let exit: Exit;
  let orphaned: boolean;

  beforeAll(async () => {
    run = await startRun(10_000);
    flight = await inFlightThenSigterm(run);
    const response = await fetch(run.healthUrl);
    health = { status: response.status, draining: ((await response.json()) as { draining?: unknown }).draining };
    late = { slackTs: await askSlack(run, "Which volcano buried Pompeii?"), discordId: run.world.discord.userMessage({ channel: ids.text, content: `<@${ids.bot}> Who built Bell Rock?` }) };
    await slackPostIn(run, late.slackTs);
    await run.world.discord.waitForCall(replyTo(late.discordId));
    run.held.release();
    flight.discordHeld.release();
    exit = await run.bot.exited;
    try {
      process.kill(flight.pid, 0);
      orphaned = true;
    } catch {
      orphaned = false;
    }
  }, 150_000);

  afterAll(async () => {
    await run?.bot.destroy();
    await run?.held.close();
    await run?.world.close();
  });

  it("reaches the bot through npm: it starts draining and /healthz turns 503 with draining: true", () => {
    expect(health).toEqual({ status: 503, draining: true });
  });

  it("tells a question asked during the drain that the bot is restarting, on both platforms", async () => {
    const slack = await slackPostIn(run, late.slackTs);
    const discord = await run.world.discord.waitForCall(replyTo(late.discordId));
    expect([String(slack.args.text), discordText(discord)]).toEqual([expect.stringContaining("I'm restarting"), expect.stringContaining("I'm restarting")]);
  });

  it("delivers both answers that were in flight", async () => {
    const slack = await slackPostIn(run, flight.slackTs);
    // A thread started off a message takes that message's id.
    const discord = await run.world.discord.waitForCall((call) => call.method === "POST" && call.path === `/channels/${flight.discordId}/messages` && call.status === 200);
    expect([String(slack.args.text), discordText(discord)]).toEqual([expect.stringContaining("35 metres"), expect.stringContaining("Vesuvius")]);
  });

  it("exits 0 through npm, leaving no bot process behind", () => {
    expect({ exit, orphaned, stopped: run.bot.logs().some((line) => line.msg === "stopped" && line.abandoned === 0) }).toEqual({ exit: { code: 0, signal: null }, orphaned: false, stopped: true });
  });
});

describe("SIGTERM to npm start with answers still in flight at the end of the grace period", () => {
  const GRACE_MS = 2_000;
  let run: Run;
  let flight: Awaited<ReturnType<typeof inFlightThenSigterm>>;
  let exit: Exit;
  let tookMs: number;

  beforeAll(async () => {
    run = await startRun(GRACE_MS);
    const started = Date.now();
    flight = await inFlightThenSigterm(run);
    exit = await run.bot.exited;
    tookMs = Date.now() - started;
  }, 150_000);

  afterAll(async () => {
    flight?.discordHeld.release();
    run?.held.release();
    await run?.bot.destroy();
    await run?.held.close();
    await run?.world.close();
  });

  it("tells both askers the bot is restarting instead of leaving them in silence", async () => {
    const slack = await slackPostIn(run, flight.slackTs);
    const discord = await run.world.discord.waitForCall((call) => replyTo(flight.discordId)(call) && call.status === 200);
    expect([String(slack.args.text), discordText(discord)]).toEqual([expect.stringContaining("had to restart"), expect.stringContaining("had to restart")]);
  });

  it(`exits ${ANSWERS_ABANDONED} (answers abandoned) through npm, shortly after the grace period`, () => {
    const stopped = run.bot.logs().find((line) => line.msg === "stopped");
    expect({ exit, abandoned: stopped?.abandoned, prompt: tookMs < GRACE_MS + 10_000 }).toEqual({ exit: { code: ANSWERS_ABANDONED, signal: null }, abandoned: 2, prompt: true });
  });
});
