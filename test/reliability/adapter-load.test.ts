import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../adapters/slack/harness.js";
import { repliesTo, useBot } from "../adapters/discord/harness.js";
import { type FakeUser, ids, users } from "../fakes/discord-payloads.js";
import { scriptedEngine } from "../fakes/engine.js";
import { FAKE_BOT_USER } from "../fakes/slack.js";
import { eventEnvelope, mentionEvent } from "../fakes/slack-requests.js";
import { scaled } from "./heavy.js";

const USERS = scaled(50, 500);
const RATE_LIMIT = 8;
const FLOOD = RATE_LIMIT + 4;
/** Long enough that every question is in the engine at once. */
const ENGINE_DELAY_MS = 100;
const SLOW_DOWN = /asking faster than I can keep up/;

function tally(kinds: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of kinds) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

let slack: Harness | undefined;
afterEach(async () => {
  await slack?.close();
  slack = undefined;
});

describe(`Slack adapter with ${USERS} users asking at once and one flooding`, () => {
  it("acks every event in time, answers every user once, and slows down only the flooder", async () => {
    slack = await startHarness({ engine: scriptedEngine({ delayMs: ENGINE_DELAY_MS }), env: { RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) } });
    const current = slack;
    const crowd = Array.from({ length: USERS }, (_, i) => mentionEvent({ text: `<@${FAKE_BOT_USER}> Is Django fast? (${i})`, user: `ULOAD${i}` }));
    const flood = Array.from({ length: FLOOD }, (_, i) => mentionEvent({ text: `<@${FAKE_BOT_USER}> again ${i}`, user: "UFLOODER" }));
    // Bolt answers 404 when a listener has not acked within 3 s, so a 200 is an ack within Slack's deadline.
    const statuses = await Promise.all([...crowd, ...flood].map((event) => current.post(JSON.stringify(eventEnvelope(event)), "application/json").then((result) => result.status)));
    // One waiter at a time: the fake's emitter warns past ten listeners, and most replies are in by now anyway.
    for (const event of [...crowd, ...flood]) await current.fake.waitForCall("reactions.remove", (call) => call.args.timestamp === event.ts);
    const repliesIn = (ts: unknown) => current.fake.callsTo("chat.postMessage").filter((call) => call.args.thread_ts === ts).map((call) => String(call.args.text));

    const crowdReplies = crowd.map((event) => repliesIn(event.ts));
    const floodReplies = flood.map((event) => repliesIn(event.ts));
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(crowdReplies.filter((replies) => replies.length !== 1 || !/Django scales/.test(replies[0] ?? ""))).toEqual([]);
    // The flooder's events race each other over HTTP, so which of them are over the limit is not fixed; how many is.
    expect(tally(floodReplies.map((replies) => (replies.length === 1 ? (SLOW_DOWN.test(replies[0] ?? "") ? "slow down" : "answer") : `${replies.length} replies`)))).toEqual({
      answer: RATE_LIMIT,
      "slow down": FLOOD - RATE_LIMIT,
    });
  }, 60_000);
});

describe(`Discord adapter with ${USERS} users asking at once and one flooding`, () => {
  it("answers every user once and slows down only the flooder", async () => {
    const { fake } = await useBot({ engine: { delayMs: ENGINE_DELAY_MS }, env: { RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) } });
    const person = (i: number): FakeUser => ({ id: String(410_000_000_000_000_000n + BigInt(i)), username: `user${i}`, discriminator: "0", global_name: null, avatar: null, bot: false });
    const crowd = Array.from({ length: USERS }, (_, i) => fake.userMessage({ channel: ids.text, content: `<@${ids.bot}> Is Django fast? (${i})`, author: person(i) }));
    const flood = Array.from({ length: FLOOD }, (_, i) => fake.userMessage({ channel: ids.text, content: `<@${ids.bot}> again ${i}`, author: users.human }));
    const replies = await Promise.all([...crowd, ...flood].map((id) => fake.waitForCall(repliesTo(id))));
    const kinds = replies.map((call) => (SLOW_DOWN.test(call.body.content ?? "") ? "slow down" : call.body.embeds?.[0]?.description?.includes("Django scales") ? "answer" : "other"));
    expect(kinds.slice(0, USERS).filter((kind) => kind !== "answer")).toEqual([]);
    expect(tally(kinds.slice(USERS))).toEqual({ answer: RATE_LIMIT, "slow down": FLOOD - RATE_LIMIT });
    expect(fake.sentMessages().filter((call) => call.body.message_reference).length).toBe(USERS + FLOOD);
  }, 60_000);
});
