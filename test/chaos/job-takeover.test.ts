import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/open-store.js";
import { ids } from "../fakes/discord.js";
import { commandForm } from "../fakes/slack-requests.js";
import { KILL_AFTER_ACK, type NpmStart, isReady, npmStart } from "./npm-start.js";
import { type World, createWorld, discordText, postToSlack } from "./world.js";

// "An acknowledged request is never lost": `npm start` is killed (-9) the moment it has acknowledged a /ask, before
// it could answer. The question was recorded as a job before the ack; the same process, started again, takes the job
// over once its owner's time is up and answers it exactly once.

const FORM_TYPE = "application/x-www-form-urlencoded";
// Short enough that the restarted process may take the job over soon after it is up.
const FAST_TAKEOVER = { ANSWER_TIMEOUT_MS: "2000", DELIVERY_RETRY_MS: "1000", JOB_LEASE_MS: "2000", JOB_POLL_MS: "200" };

let world: World;
let first: NpmStart | undefined;
let second: NpmStart | undefined;

const eventsUrl = async (bot: NpmStart) => `http://127.0.0.1:${String((await bot.waitForLog((line) => /^Slack adapter ready/.test(line.msg))).port)}/slack/events`;

async function jobCounts(dataDir = world.settings.DATA_DIR ?? "") {
  const store = await openStore({ dataDir });
  try {
    return await store.jobs.counts();
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  world = await createWorld();
}, 60_000);

afterAll(async () => {
  await first?.destroy();
  await second?.destroy();
  await world?.close();
});

describe("a /ask acknowledged by a process killed before it answered", () => {
  it("is answered once, by the process started again", async () => {
    const settings = { ...world.settings, ...FAST_TAKEOVER };
    first = npmStart({ ...settings, CHAOS_KILL_AFTER_ACKS: "1" }, { preload: [KILL_AFTER_ACK] });
    await first.waitForLog(isReady, 90_000);
    const responseUrl = world.slack.responseUrl("taken-over");
    const ack = await postToSlack(await eventsUrl(first), commandForm({ command: "/ask", text: "How tall is the Bell Rock lighthouse?", responseUrl }), FORM_TYPE);
    const exit = await first.exited;
    const beforeRestart = { acked: ack.status, killed: exit.code !== 0, posted: world.slack.responsePosts.filter((post) => post.path === "/response/taken-over").length, jobs: await jobCounts() };
    expect(beforeRestart).toEqual({ acked: 200, killed: true, posted: 0, jobs: { queued: 1, running: 0, done: 0, failed: 0 } });

    second = npmStart(settings);
    await second.waitForLog(isReady, 90_000);
    const answer = await world.slack.waitForResponsePost((post) => post.path === "/response/taken-over");
    await second.waitForLog((line) => line.msg === "answered a taken-over question", 30_000);
    expect({
      answer: JSON.stringify(answer.body),
      posts: world.slack.responsePosts.filter((post) => post.path === "/response/taken-over").length,
      jobs: await jobCounts(),
    }).toEqual({ answer: expect.stringContaining("35 metres"), posts: 1, jobs: { queued: 0, running: 0, done: 1, failed: 0 } });
    await second.destroy();
  }, 240_000);
});

describe("a Discord /ask deferred by a process killed before it answered", () => {
  it("is answered once, in the deferred reply, by the process started again", async () => {
    const settings = { ...world.settings, ...FAST_TAKEOVER, DATA_DIR: `${world.settings.DATA_DIR ?? ""}-discord` };
    const edits = () => world.discord.calls.filter((call) => call.method === "PATCH" && /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/.test(call.path) && call.status === 200);
    const before = edits().length;
    first = npmStart({ ...settings, CHAOS_KILL_AFTER_ACKS: "1" }, { preload: [KILL_AFTER_ACK] });
    await first.waitForLog(isReady, 90_000);
    world.discord.slashCommand({ channel: ids.text, question: "Which volcano buried Pompeii?" });
    const exit = await first.exited;
    const jobsBefore = await jobCounts(settings.DATA_DIR);
    expect({ killed: exit.code !== 0, edited: edits().length - before, jobs: jobsBefore }).toEqual({ killed: true, edited: 0, jobs: { queued: 1, running: 0, done: 0, failed: 0 } });

    second = npmStart(settings);
    await second.waitForLog(isReady, 90_000);
    await second.waitForLog((line) => line.msg === "answered a taken-over question", 60_000);
    const answers = edits().slice(before);
    expect({ answers: answers.map((call) => discordText(call)), jobs: await jobCounts(settings.DATA_DIR) }).toEqual({
      answers: [expect.stringContaining("Vesuvius")],
      jobs: { queued: 0, running: 0, done: 1, failed: 0 },
    });
  }, 240_000);
});
