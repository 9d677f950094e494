import { webApi } from "@slack/bolt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { postSlackAdminMessage } from "../../src/adapters/slack/admin-post.js";
import { startGapDigest, type Schedule } from "../../src/knowledge/gaps/digest-timer.js";
import { silentLogger } from "../../src/logger.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";
import { type FakeSlack, startFakeSlack } from "../fakes/slack.js";
import { makeTempDir } from "../helpers/temp-dir.js";

// Two replicas' digest timers on one store, posting through the real Slack Web API client to the loopback fake.
const ADMIN_CHANNEL = "CADMIN001";
const MONDAY_9 = { weekly: true, weekday: 1, hour: 9, minute: 0 };

let dir: { path: string; remove: () => Promise<void> };
let store: Store;
let fake: FakeSlack;

beforeEach(async () => {
  dir = await makeTempDir("gap-digest");
  store = await openStore({ dataDir: dir.path });
  fake = await startFakeSlack();
});
afterEach(async () => {
  await fake.close();
  await store.close();
  await dir.remove();
});

/** A schedule a test fires by hand: it records each timer, and `fire` runs the pending ones. */
function manualSchedule() {
  const timers: Array<{ run: () => Promise<void>; delayMs: number; cancelled: boolean }> = [];
  const schedule: Schedule = (run, delayMs) => {
    const timer = { run, delayMs, cancelled: false };
    timers.push(timer);
    return { cancel: () => (timer.cancelled = true) };
  };
  return { schedule, timers };
}

describe("the weekly gap digest", () => {
  it("is posted once to ADMIN_CHANNEL when every replica's timer fires for the slot, pinging no one", async () => {
    const client = new webApi.WebClient("xoxb-test", { slackApiUrl: fake.apiUrl });
    let clock = new Date("2026-11-30T08:00:00Z"); // a Monday, an hour before the digest
    let built = 0;
    const replicas = [manualSchedule(), manualSchedule()];
    const posted: Array<Promise<void>> = [];
    const digests = replicas.map(({ schedule }) =>
      startGapDigest({
        digest: MONDAY_9,
        claim: (key, ttlMs) => store.events.claim(key, ttlMs),
        message: async () => `**Knowledge gaps** (${++built}) <!channel> @everyone`,
        post: (text) => {
          const posting = postSlackAdminMessage(client, ADMIN_CHANNEL, text);
          posted.push(posting);
          return posting;
        },
        logger: silentLogger(),
        now: () => clock,
        schedule,
      }),
    );
    expect(replicas.map(({ timers }) => timers[0]?.delayMs)).toEqual([3_600_000, 3_600_000]);
    clock = new Date("2026-11-30T09:00:00Z");
    await Promise.all(replicas.map(({ timers }) => timers[0]?.run()));
    await Promise.all(posted);
    const posts = fake.callsTo("chat.postMessage");
    expect(posts).toHaveLength(1);
    expect(posts[0]?.args.channel).toBe(ADMIN_CHANNEL);
    expect(String(posts[0]?.args.text)).toContain("Knowledge gaps");
    expect(JSON.stringify(posts[0]?.args)).not.toMatch(/<!channel>|<!everyone>/);
    expect(built).toBe(1);
    // Each replica waits for next Monday's slot.
    expect(digests.map((digest) => digest.due?.toISOString())).toEqual(["2026-12-07T09:00:00.000Z", "2026-12-07T09:00:00.000Z"]);
    for (const digest of digests) digest.stop();
    expect(replicas.every(({ timers }) => timers.at(-1)?.cancelled)).toBe(true);
  });
});
