import type { types } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/open-store.js";
import { type ApiCall, FAKE_BOT_USER, FAKE_TEAM } from "../fakes/slack.js";
import { eventEnvelope, mentionEvent, messageEvent } from "../fakes/slack-requests.js";
import { findTestPostgres, TEST_POSTGRES_URL } from "../helpers/postgres-server.js";
import { type NpmStart, isReady, npmStart } from "../chaos/npm-start.js";
import { type World, SIGNING_SECRET, SLACK_TOKEN, createWorld, postToSlack } from "../chaos/world.js";
import { type RoundRobin, startRoundRobin } from "./round-robin.js";

// Two `npm start` replicas in Slack HTTP mode on one PostgreSQL, behind a round-robin load balancer, against the
// loopback fake Slack: whichever replica a request lands on, the conversation, the buttons and the event ids are
// the same.

const postgres = findTestPostgres();
const FORM_TYPE = "application/x-www-form-urlencoded";
/** Questions one user may ask a minute, across every replica. */
const LIMIT = 4;
const CONCURRENT = 200;
const QUESTIONS = ["How tall is the Bell Rock lighthouse?", "Which volcano buried Pompeii?", "Who finished building the Bell Rock tower?"];

let world: World;
let databaseUrl: string;
const replicas: NpmStart[] = [];
const ports: string[] = [];
let balancer: RoundRobin;

const eventsPath = "/slack/events";
const buttonsOf = (args: Record<string, unknown>) => ((args.blocks ?? []) as types.KnownBlock[]).flatMap((block) => (block.type === "actions" ? (block.elements as types.Button[]) : []));

function click(answer: ApiCall, actionId: string, user: string, responseUrl: string): string {
  const value = buttonsOf(answer.args).find((button) => button.action_id === actionId)?.value ?? "";
  const payload = {
    type: "block_actions",
    user: { id: user, team_id: FAKE_TEAM },
    team: { id: FAKE_TEAM },
    channel: { id: String(answer.args.channel) },
    container: { type: "message", channel_id: String(answer.args.channel), message_ts: "1700000001.000100", is_ephemeral: false },
    response_url: responseUrl,
    message: { type: "message", text: answer.args.text, blocks: answer.args.blocks },
    actions: [{ type: "button", block_id: "citebot_controls", action_id: actionId, value, action_ts: "1700000011.000000" }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Posts through the balancer; `expectReplica` checks the request landed where the test means it to. */
async function viaBalancer(body: string, expectReplica: number, contentType = "application/json") {
  const posted = await postToSlack(`${balancer.url}${eventsPath}`, body, contentType);
  expect({ status: posted.status, replica: balancer.routed.at(-1) }).toEqual({ status: 200, replica: expectReplica });
}

async function withStore<T>(use: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>): Promise<T> {
  const store = await openStore({ dataDir: world.settings.DATA_DIR ?? "", databaseUrl });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

if (!postgres.available && !process.env.CI) console.warn(`\n*** SKIPPED: Slack replicas on PostgreSQL (${postgres.reason}). ***\n`);

describe.runIf(postgres.available || process.env.CI)("Slack replicas on one PostgreSQL behind a load balancer", () => {
  beforeAll(async () => {
    if (!postgres.available) throw new Error(`CI is set but ${postgres.reason}; .ci/run exports ${TEST_POSTGRES_URL}`);
    databaseUrl = await postgres.start();
    world = await createWorld();
    const settings: Record<string, string> = {
      CORPUS_DIR: world.settings.CORPUS_DIR ?? "",
      INDEX_DIR: world.settings.INDEX_DIR ?? "",
      DATA_DIR: world.settings.DATA_DIR ?? "",
      PORT: "0",
      RATE_LIMIT_PER_MINUTE: String(LIMIT),
      SLACK_BOT_TOKEN: SLACK_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: world.slack.apiUrl,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: "debug",
    };
    // One after the other: the first builds the index (ingest runs once), the second reads it.
    for (let i = 0; i < 2; i += 1) {
      const replica = npmStart(settings);
      replicas.push(replica);
      await replica.waitForLog(isReady, 120_000);
      ports.push(String((await replica.waitForLog((line) => /^Slack adapter ready/.test(line.msg))).port));
    }
    balancer = await startRoundRobin(() => ports.map((port) => `http://127.0.0.1:${port}`));
  }, 300_000);

  afterAll(async () => {
    await balancer?.close();
    for (const replica of replicas) await replica.destroy();
    await world?.close();
    if (postgres.available) await postgres.stop();
  }, 60_000);

  it("understands a thread's follow-up on the other replica", async () => {
    const mention = mentionEvent({ text: `<@${FAKE_BOT_USER}> How tall is the Bell Rock lighthouse?` });
    await viaBalancer(JSON.stringify(eventEnvelope(mention)), 0);
    const first = await world.slack.waitForCall("chat.postMessage", (call) => call.args.thread_ts === mention.ts && call.status === 200);
    const replies = world.slack.callsTo("conversations.replies").length;
    await viaBalancer(JSON.stringify(eventEnvelope(messageEvent({ text: "Who finished building it?", thread_ts: String(mention.ts) }))), 1);
    const followUp = await world.slack.waitForCall("chat.postMessage", (call) => call.args.thread_ts === mention.ts && call.status === 200 && call !== first);
    expect({ answer: String(followUp.args.text), askedSlack: world.slack.callsTo("conversations.replies").length > replies }).toEqual({ answer: expect.stringMatching(/Stevenson|1810/), askedSlack: false });
  });

  it("answers the same event delivered to both replicas once", async () => {
    const mention = mentionEvent({ text: `<@${FAKE_BOT_USER}> Which volcano buried Pompeii?`, user: "U_TWICE" });
    const body = JSON.stringify(eventEnvelope(mention));
    const posted = await Promise.all(ports.map((port) => postToSlack(`http://127.0.0.1:${port}${eventsPath}`, body)));
    await world.slack.waitForCall("chat.postMessage", (call) => call.args.thread_ts === mention.ts && call.status === 200);
    // The replica that lost the claim says so; only then is "one answer" final.
    await Promise.any(replicas.map((replica) => replica.waitForLog((line) => line.msg === "slack message ignored: already handled" && line.ts === mention.ts, 30_000)));
    const answers = world.slack.callsTo("chat.postMessage").filter((call) => call.args.thread_ts === mention.ts);
    expect({ statuses: posted.map((post) => post.status), answers: answers.length }).toEqual({ statuses: [200, 200], answers: 1 });
  });

  it("holds a flooder to one limit across the replicas, not one per replica", async () => {
    const mentions = Array.from({ length: LIMIT + 2 }, () => mentionEvent({ text: `<@${FAKE_BOT_USER}> Which volcano buried Pompeii?`, user: "U_FLOOD" }));
    // Alternating: half the questions land on each replica, each replica alone under the limit.
    for (const mention of mentions) await viaBalancer(JSON.stringify(eventEnvelope(mention)), balancer.routed.length % 2);
    const replies = await Promise.all(mentions.map((mention) => world.slack.waitForCall("chat.postMessage", (call) => call.args.thread_ts === mention.ts && call.status === 200)));
    const limited = replies.filter((reply) => /faster than I can keep up/.test(String(reply.args.text))).length;
    expect({ answered: replies.length - limited, limited }).toEqual({ answered: LIMIT, limited: 2 });
  });

  it(`answers ${CONCURRENT} concurrent questions across the replicas, each once`, async () => {
    const mentions = Array.from({ length: CONCURRENT }, (_, i) => mentionEvent({ text: `<@${FAKE_BOT_USER}> ${QUESTIONS[i % QUESTIONS.length]}`, user: `U_CROWD${i}` }));
    const posted = await Promise.all(mentions.map((mention) => postToSlack(`${balancer.url}${eventsPath}`, JSON.stringify(eventEnvelope(mention)))));
    await Promise.all(mentions.map((mention) => world.slack.waitForCall("chat.postMessage", (call) => call.args.thread_ts === mention.ts && call.status === 200)));
    const threads = new Set(mentions.map((mention) => String(mention.ts)));
    const perThread = new Map<string, number>();
    for (const call of world.slack.callsTo("chat.postMessage")) {
      const thread = String(call.args.thread_ts);
      if (threads.has(thread)) perThread.set(thread, (perThread.get(thread) ?? 0) + 1);
    }
    expect({
      acked: posted.filter((post) => post.status === 200).length,
      bothReplicasUsed: new Set(balancer.routed.slice(-CONCURRENT)).size,
      answeredOnce: [...perThread.values()].filter((count) => count === 1).length,
    }).toEqual({ acked: CONCURRENT, bothReplicasUsed: 2, answeredOnce: CONCURRENT });
  }, 180_000);

  it("stores a 👎 clicked on the other replica, with the whole answer", async () => {
    const mention = mentionEvent({ text: `<@${FAKE_BOT_USER}> Who finished building the Bell Rock tower?`, user: "U_ASKER" });
    const sentTo = balancer.routed.length % 2;
    await viaBalancer(JSON.stringify(eventEnvelope(mention)), sentTo);
    const answer = await world.slack.waitForCall("chat.postMessage", (call) => call.args.thread_ts === mention.ts && call.status === 200);
    await viaBalancer(click(answer, "citebot_feedback_down", "U_RATER", world.slack.responseUrl("replica-vote")), 1 - sentTo, FORM_TYPE);
    await world.slack.waitForResponsePost((post) => post.path === "/response/replica-vote");
    const vote = await withStore(async (store) => (await store.feedback.list()).find((record) => record.userHash === store.hashUserId("slack", "U_RATER")));
    expect(vote).toMatchObject({ verdict: "down", restored: false, question: "Who finished building the Bell Rock tower?", answer: expect.stringContaining("Stevenson") });
  });
});
