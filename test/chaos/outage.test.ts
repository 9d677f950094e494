import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ids, type RestCall } from "../fakes/discord.js";
import type { ApiCall } from "../fakes/slack.js";
import { FAKE_BOT_USER } from "../fakes/slack.js";
import { eventEnvelope, mentionEvent } from "../fakes/slack-requests.js";
import { type NpmStart, isReady, npmStart } from "./npm-start.js";
import { type World, createWorld, discordText, postToSlack } from "./world.js";

// Platform outages while a reply is being posted, through `npm start`. Each case uses its own channel, so the cases
// run side by side against one process. DELIVERY_RETRY_MS is 12 s here: 8 s for the answer, 4 s for an apology.

const DELIVERY_RETRY_MS = 12_000;
const OUTAGE_MS = 3_000;
const SERVER_ERROR = { status: 500, body: { ok: false, error: "internal_error" } };
/** Beyond DELIVERY_RETRY_MS: the answer's own time, and a loaded machine. */
const SLACK_MS = 4_000;

let world: World;
let bot: NpmStart;
let eventsUrl: string;

beforeAll(async () => {
  world = await createWorld();
  bot = npmStart({ ...world.settings, DELIVERY_RETRY_MS: String(DELIVERY_RETRY_MS) });
  await bot.waitForLog(isReady, 90_000);
  const { port } = await bot.waitForLog((line) => /^Slack adapter ready/.test(line.msg));
  eventsUrl = `http://127.0.0.1:${String(port)}/slack/events`;
}, 120_000);

afterAll(async () => {
  await bot?.destroy();
  await world?.close();
});

/** Gaps between consecutive attempts, in ms. */
const gaps = (calls: Array<{ at: number }>) => calls.slice(1).map((call, i) => call.at - (calls[i]?.at ?? call.at));
const ending = (ms: number, end: () => void) => new Promise<void>((resolve) => setTimeout(() => resolve(end()), ms));

async function askSlackIn(channel: string): Promise<{ ts: string; startedAt: number }> {
  const event = mentionEvent({ text: `<@${FAKE_BOT_USER}> How tall is the Bell Rock lighthouse?`, channel });
  const startedAt = Date.now();
  expect((await postToSlack(eventsUrl, JSON.stringify(eventEnvelope(event)))).status).toBe(200);
  return { ts: String(event.ts), startedAt };
}

const postsIn = (channel: string) => (call: ApiCall) => call.method === "chat.postMessage" && call.args.channel === channel;

function askDiscordIn(channel: string): { id: string; startedAt: number } {
  const startedAt = Date.now();
  return { id: world.discord.userMessage({ channel, content: `<@${ids.bot}> How tall is the Bell Rock lighthouse?` }), startedAt };
}

const messagePostsTo = (channel: string) => (call: RestCall) => call.method === "POST" && call.path === `/channels/${channel}/messages`;

describe.concurrent("Slack Web API outages while posting a reply", () => {
  it(`delivers the answer after a ${OUTAGE_MS / 1000} s outage (HTTP 500), trying again with growing waits`, async () => {
    const channel = "C00OUTAGE1";
    const end = world.slack.outage("chat.postMessage", (args) => (args.channel === channel ? SERVER_ERROR : undefined));
    await askSlackIn(channel);
    await ending(OUTAGE_MS, end);
    const answer = await world.slack.waitForCall("chat.postMessage", (call) => postsIn(channel)(call) && call.status === 200);
    const attempts = world.slack.calls.filter(postsIn(channel));
    expect(attempts.at(-1)).toBe(answer);
    expect(String(answer.args.text)).toContain("35 metres");
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    // Exponential backoff with half-to-full jitter: each wait is at least half the doubled step before it.
    expect(gaps(attempts).every((gap, i, all) => i === 0 || gap >= (all[i - 1] ?? 0) * 0.9 || gap >= 1_000)).toBe(true);
    expect(attempts.some((call) => /couldn't post/.test(String(call.args.text)))).toBe(false);
  });

  it("waits out a 429's Retry-After before trying again", async () => {
    const channel = "C00OUTAGE2";
    let limited = 0;
    const end = world.slack.outage("chat.postMessage", (args) =>
      args.channel === channel && limited++ === 0 ? { status: 429, headers: { "retry-after": "2" }, body: { ok: false, error: "ratelimited" } } : undefined,
    );
    await askSlackIn(channel);
    const answer = await world.slack.waitForCall("chat.postMessage", (call) => postsIn(channel)(call) && call.status === 200);
    end();
    const attempts = world.slack.calls.filter(postsIn(channel));
    expect({ attempts: attempts.length, waitedMs: (gaps(attempts)[0] ?? 0) >= 2_000, answered: String(answer.args.text).includes("35 metres") }).toEqual({ attempts: 2, waitedMs: true, answered: true });
  });

  it("posts an apology with a reference id when the answer itself cannot get through in time", async () => {
    const channel = "C00OUTAGE3";
    const end = world.slack.outage("chat.postMessage", (args) => (args.channel === channel && !/couldn't post/.test(String(args.text)) ? SERVER_ERROR : undefined));
    const { startedAt } = await askSlackIn(channel);
    const apology = await world.slack.waitForCall("chat.postMessage", (call) => postsIn(channel)(call) && call.status === 200);
    expect(String(apology.args.text)).toMatch(/couldn't post/);
    end();
    const referenceId = /E-[0-9A-F]{8}/.exec(String(apology.args.text))?.[0];
    const logged = await bot.waitForLog((line) => line.msg === "could not post a reply to Slack" && line.referenceId === referenceId);
    expect({ referenceId, logged: logged.referenceId, withinBudget: apology.at - startedAt < DELIVERY_RETRY_MS + SLACK_MS }).toEqual({ referenceId: expect.any(String), logged: referenceId, withinBudget: true });
  });

  it("gives up within the budget when nothing gets through, logging the error with a reference id", async () => {
    const channel = "C00OUTAGE4";
    const end = world.slack.outage("chat.postMessage", (args) => (args.channel === channel ? SERVER_ERROR : undefined));
    const { startedAt } = await askSlackIn(channel);
    const first = await bot.waitForLog((line) => line.msg === "could not post a reply to Slack" && line.channel === channel);
    const last = await bot.waitForLog((line) => line.msg === "could not post the apology either" && line.referenceId === first.referenceId);
    end();
    expect({ referenceId: last.referenceId, withinBudget: Number(last.time) - startedAt < DELIVERY_RETRY_MS + SLACK_MS }).toEqual({ referenceId: expect.stringMatching(/^E-[0-9A-F]{8}$/), withinBudget: true });
  });
});

describe.concurrent("Discord REST outages while posting a reply", () => {
  it(`delivers the answer after a ${OUTAGE_MS / 1000} s outage (HTTP 500), with a few attempts spread over it, not a burst`, async () => {
    const channel = ids.text;
    const end = world.discord.failWhile(messagePostsTo(channel), 500);
    const { id } = askDiscordIn(channel);
    await ending(OUTAGE_MS, end);
    const answer = await world.discord.waitForCall((call) => messagePostsTo(channel)(call) && call.status === 200 && call.body.message_reference?.message_id === id);
    const attempts = world.discord.calls.filter((call) => messagePostsTo(channel)(call) && call.body.message_reference?.message_id === id);
    expect(discordText(answer)).toMatch(/35 metres/);
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    expect(attempts.length).toBeLessThanOrEqual(10);
    expect((attempts.at(-1)?.at ?? 0) - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(OUTAGE_MS - 1_000);
  });

  it("posts an apology with a reference id when the answer itself cannot get through in time", async () => {
    const channel = ids.otherText;
    const end = world.discord.failWhile((call) => messagePostsTo(channel)(call) && (call.body.embeds ?? []).length > 0, 500);
    const { id, startedAt } = askDiscordIn(channel);
    const apology = await world.discord.waitForCall((call) => messagePostsTo(channel)(call) && call.status === 200 && call.body.message_reference?.message_id === id);
    end();
    const referenceId = /E-[0-9A-F]{8}/.exec(String(apology.body.content))?.[0];
    const logged = await bot.waitForLog((line) => line.msg === "could not post the reply" && line.referenceId === referenceId);
    expect({ referenceId, logged: logged.referenceId, withinBudget: apology.at - startedAt < DELIVERY_RETRY_MS + SLACK_MS }).toEqual({ referenceId: expect.any(String), logged: referenceId, withinBudget: true });
  });

  it("gives up within the budget when nothing gets through, logging the error with a reference id", async () => {
    const channel = ids.thread;
    const end = world.discord.failWhile(messagePostsTo(channel), 500);
    const { startedAt } = askDiscordIn(channel);
    const first = await bot.waitForLog((line) => line.msg === "could not post the reply" && line.channel === channel);
    const last = await bot.waitForLog((line) => line.msg === "could not post the apology either" && line.referenceId === first.referenceId);
    end();
    expect({ referenceId: last.referenceId, withinBudget: Number(last.time) - startedAt < DELIVERY_RETRY_MS + SLACK_MS }).toEqual({ referenceId: expect.stringMatching(/^E-[0-9A-F]{8}$/), withinBudget: true });
  });
});
