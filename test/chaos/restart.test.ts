import type { types } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeButtonValue } from "../../src/adapters/slack/button-value.js";
import type { StoredFeedback } from "../../src/store/feedback.js";
import { openStore } from "../../src/store/open-store.js";
import { ids, type RestCall, users } from "../fakes/discord.js";
import { type ApiCall, FAKE_TEAM } from "../fakes/slack.js";
import { eventEnvelope, messageEvent } from "../fakes/slack-requests.js";
import { KILL_AFTER_ACK, type NpmStart, isReady, npmStart } from "./npm-start.js";
import { type World, askDiscord, askSlack, createWorld, discordText, postToSlack } from "./world.js";

// Two `npm start` processes on the same data folder, one after the other, as across a deploy or a crash: the first
// answers and takes votes and is killed (-9) right after acknowledging them; the second must not go quiet on the
// threads and votes the first left behind.

const SLACK_VOTES = 20;
const DISCORD_VOTES = 6;
const FORM_TYPE = "application/x-www-form-urlencoded";

let world: World;
let first: NpmStart;
let second: NpmStart;
let eventsUrl: (bot: NpmStart) => Promise<string>;
const before: { slack?: { ts: string; answer: ApiCall }; discord?: { id: string; answer: RestCall }; inThread?: RestCall } = {};

const buttonsOf = (args: Record<string, unknown>) => ((args.blocks ?? []) as types.KnownBlock[]).flatMap((block) => (block.type === "actions" ? (block.elements as types.Button[]) : []));

/** A click on the 👍/👎 of a Slack answer, carrying the message the button is on, as Slack sends it for a channel message. */
function slackClick(answer: ApiCall, actionId: string, user: string, responseUrl: string): string {
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

/** The votes in the store the processes share (SQLite in DATA_DIR), with the user-id hasher to find one voter's. */
async function votes(): Promise<Array<StoredFeedback & { by: (platform: "slack" | "discord", userId: string) => boolean }>> {
  const store = await openStore({ dataDir: world.settings.DATA_DIR ?? "" });
  try {
    return (await store.feedback.list()).map((vote) => ({ ...vote, by: (platform, userId) => vote.userHash === store.hashUserId(platform, userId) }));
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  world = await createWorld();
  eventsUrl = async (bot) => `http://127.0.0.1:${String((await bot.waitForLog((line) => /^Slack adapter ready/.test(line.msg))).port)}/slack/events`;
  first = npmStart(world.settings);
  await first.waitForLog(isReady, 90_000);
  const url = await eventsUrl(first);
  const slack = await askSlack(world, url, "How tall is the Bell Rock lighthouse?");
  before.slack = { ts: slack.ts, answer: slack.reply };
  const discord = await askDiscord(world, "Which volcano buried Pompeii?");
  before.discord = { id: discord.id, answer: discord.reply };
  before.inThread = (await askDiscord(world, "Who finished building the Bell Rock tower?", ids.thread)).reply;
}, 120_000);

afterAll(async () => {
  await first?.destroy();
  await second?.destroy();
  await world?.close();
});

describe("votes are written before they are acknowledged", () => {
  // The process kills itself (-9) right after acknowledging the last of the votes (kill-after-ack.mjs): an ack sent
  // before the vote was written would lose it.
  it(`keeps all ${SLACK_VOTES} Slack votes when the bot is killed (-9) right after acknowledging the last one`, async () => {
    await first.destroy();
    const bot = npmStart({ ...world.settings, CHAOS_KILL_AFTER_ACKS: String(SLACK_VOTES) }, { preload: [KILL_AFTER_ACK] });
    await bot.waitForLog(isReady, 90_000);
    const answer = before.slack?.answer as ApiCall;
    const url = await eventsUrl(bot);
    const clicks = Array.from({ length: SLACK_VOTES }, (_, i) => postToSlack(url, slackClick(answer, i % 2 ? "citebot_feedback_down" : "citebot_feedback_up", `U_VOTER${i}`, world.slack.responseUrl(`vote-${i}`)), FORM_TYPE));
    const statuses = (await Promise.allSettled(clicks)).map((click) => (click.status === "fulfilled" ? click.value.status : "no answer"));
    const exit = await bot.exited;
    const stored = (await votes()).filter((vote) => vote.platform === "slack");
    expect({ acked: statuses.filter((status) => status === 200).length, killed: exit.code !== 0, stored: stored.length }).toEqual({ acked: SLACK_VOTES, killed: true, stored: SLACK_VOTES });
  }, 120_000);

  it(`keeps all ${DISCORD_VOTES} Discord votes when the bot is killed (-9) right after acknowledging the last one`, async () => {
    const bot = npmStart({ ...world.settings, CHAOS_KILL_AFTER_ACKS: String(DISCORD_VOTES) }, { preload: [KILL_AFTER_ACK] });
    await bot.waitForLog(isReady, 90_000);
    const messageId = String((before.discord?.answer.response as { id?: unknown }).id);
    for (let i = 0; i < DISCORD_VOTES; i += 1) world.discord.clickButton({ messageId, customId: `citebot:feedback:${i % 2 ? "down" : "up"}:pre-kill-${i}` });
    const exit = await bot.exited;
    expect({ killed: exit.code !== 0, stored: (await votes()).filter((vote) => vote.platform === "discord").length }).toEqual({ killed: true, stored: DISCORD_VOTES });
  }, 120_000);
});

describe("after a restart", () => {
  beforeAll(async () => {
    second = npmStart(world.settings);
    await second.waitForLog(isReady, 90_000);
  }, 120_000);

  it("answers a Slack follow-up without a mention in a thread it answered before the restart, knowing the thread from the store", async () => {
    const ts = before.slack?.ts ?? "";
    const replies = world.slack.callsTo("conversations.replies").length;
    const followUp = messageEvent({ text: "Who finished building it?", thread_ts: ts });
    expect((await postToSlack(await eventsUrl(second), JSON.stringify(eventEnvelope(followUp)))).status).toBe(200);
    const reply = await world.slack.waitForCall("chat.postMessage", (call) => call.args.thread_ts === ts && call.status === 200 && call !== before.slack?.answer);
    // "it" is the lighthouse only if the thread's earlier turn survived the restart.
    expect({ askedSlack: world.slack.callsTo("conversations.replies").length > replies, answer: String(reply.args.text) }).toEqual({ askedSlack: false, answer: expect.stringMatching(/Stevenson|1810/) });
  });

  it("still ignores a thread it never answered in", async () => {
    const stranger = messageEvent({ text: "lunch anyone?", thread_ts: "1699999999.000100" });
    await postToSlack(await eventsUrl(second), JSON.stringify(eventEnvelope(stranger)));
    await world.slack.waitForCall("conversations.replies", (call) => call.args.ts === "1699999999.000100");
    expect(world.slack.callsTo("chat.postMessage").some((call) => call.args.thread_ts === "1699999999.000100")).toBe(false);
  });

  it("answers a Discord reply to one of its answers from before the restart, without a mention", async () => {
    const answerId = String((before.discord?.answer.response as { id?: unknown }).id);
    const followUp = world.discord.userMessage({ channel: ids.text, content: "and when did that happen?", replyTo: answerId });
    const reply = await world.discord.waitForCall((call) => call.method === "POST" && call.status === 200 && call.body.message_reference?.message_id === followUp);
    expect(discordText(reply)).toMatch(/\S/);
  });

  it("answers a Discord follow-up without a mention in a thread it answered in before the restart", async () => {
    const followUp = world.discord.userMessage({ channel: ids.thread, content: "How tall is the Bell Rock lighthouse?" });
    const reply = await world.discord.waitForCall((call) => call.method === "POST" && call.status === 200 && call.body.message_reference?.message_id === followUp);
    expect(discordText(reply)).toMatch(/35 metres/);
  });

  it("records a Slack vote on an answer from before the restart, recalled whole from the store, and thanks in place", async () => {
    const answer = before.slack?.answer as ApiCall;
    const responseUrl = world.slack.responseUrl("after-restart");
    expect((await postToSlack(await eventsUrl(second), slackClick(answer, "citebot_feedback_down", "U_LATE", responseUrl), FORM_TYPE)).status).toBe(200);
    const thanks = await world.slack.waitForResponsePost((post) => post.path === "/response/after-restart");
    const answerId = decodeButtonValue(buttonsOf(answer.args)[0]?.value ?? "").answerId;
    const vote = (await votes()).find((record) => record.by("slack", "U_LATE"));
    expect({ thanks: JSON.stringify(thanks.body.blocks), vote }).toEqual({
      thanks: expect.stringContaining("Thanks for the 👎"),
      vote: expect.objectContaining({ answerId, verdict: "down", restored: false, question: "How tall is the Bell Rock lighthouse?", answer: expect.stringContaining("35 metres") }),
    });
  });

  it("records a Discord vote on an answer from before the restart, recalled whole from the store, and thanks the voter", async () => {
    const messageId = String((before.discord?.answer.response as { id?: unknown }).id);
    const up = (before.discord?.answer.body.components?.[0]?.components ?? [])[0]?.custom_id ?? "";
    const click = world.discord.clickButton({ messageId, customId: up, user: users.otherHuman });
    const callback = await world.discord.waitForCall((call) => call.method === "POST" && call.path.startsWith(`/interactions/${click}/`));
    const vote = (await votes()).find((record) => record.by("discord", ids.otherHuman));
    expect({ thanks: JSON.stringify(callback.json), vote }).toEqual({
      thanks: expect.stringContaining("Thanks for the 👍"),
      vote: expect.objectContaining({ verdict: "up", restored: false, question: "Which volcano buried Pompeii?", answer: expect.stringContaining("Vesuvius") }),
    });
  });
});
