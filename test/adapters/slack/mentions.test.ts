import { afterEach, describe, expect, it } from "vitest";
import type { types } from "@slack/bolt";
import { ActionId } from "../../../src/adapters/slack/blocks.js";
import { SLACK_MESSAGE_BLOCKS_MAX, SLACK_SECTION_TEXT_MAX } from "../../../src/adapters/slack/limits.js";
import { groundedAnswer, scriptedEngine } from "../../fakes/engine.js";
import { FAKE_BOT_ID, FAKE_BOT_USER } from "../../fakes/slack.js";
import { eventEnvelope, mentionEvent, messageEvent } from "../../fakes/slack-requests.js";
import { BOT_TOKEN, type Harness, SIGNING_SECRET, startHarness, visibleText } from "./harness.js";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const PING = /<!(channel|here|everyone|subteam)|<@U|(?<!\u2060)@(channel|here|everyone)\b/i;
const blocksOf = (args: Record<string, unknown>) => args.blocks as types.KnownBlock[];

describe("Slack @mentions", () => {
  it("replies in the thread of the mention with the answer and its citations", async () => {
    harness = await startHarness();
    const event = mentionEvent({ text: `<@${FAKE_BOT_USER}> Is Django fast enough?` });
    await harness.sendEvent(event);

    const post = await harness.fake.waitForCall("chat.postMessage");
    expect(post.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(post.args).toMatchObject({ channel: "C0000001", thread_ts: event.ts });
    const shown = visibleText(post.args);
    expect(shown).toContain("Web frameworks add layers of abstraction that slow request processing [1]");
    expect(shown).toContain("[1] When Not to Use a Web Framework › Low-latency and/or high-throughput");
    expect(shown).toContain("[2] How Scalable are Websites Built in Django Framework? › Existing Applications Prove Scalability");
  });

  it("decodes Slack's entities in the question it hands the engine", async () => {
    const engine = scriptedEngine();
    harness = await startHarness({ engine });
    await harness.sendEvent(mentionEvent({ text: `<@${FAKE_BOT_USER}> Is Django fast &amp; safe?` }));
    await harness.fake.waitForCall("chat.postMessage");
    expect(engine.calls[0]?.question).toBe("Is Django fast & safe?");
  });

  it("puts feedback buttons on the answer that lead back to it", async () => {
    harness = await startHarness();
    await harness.sendEvent(mentionEvent({ text: `<@${FAKE_BOT_USER}> Is Django fast?` }));
    const post = await harness.fake.waitForCall("chat.postMessage");
    const actions = blocksOf(post.args).find((block): block is types.ActionsBlock => block.type === "actions");
    const buttons = (actions?.elements ?? []) as types.Button[];
    expect(buttons.map((button) => button.action_id)).toEqual([ActionId.FeedbackUp, ActionId.FeedbackDown]);
    expect(buttons[0]?.value).toMatch(/\S/);
  });

  it("replies in the existing thread when mentioned inside one", async () => {
    harness = await startHarness();
    await harness.sendEvent(mentionEvent({ text: `<@${FAKE_BOT_USER}> and Django?`, thread_ts: "1699999999.000100" }));
    const post = await harness.fake.waitForCall("chat.postMessage");
    expect(post.args.thread_ts).toBe("1699999999.000100");
  });

  it("shows 👀 while working and removes it once the answer is posted", async () => {
    harness = await startHarness();
    const event = mentionEvent({ text: `<@${FAKE_BOT_USER}> Is Django fast?` });
    await harness.sendEvent(event);
    const removed = await harness.fake.waitForCall("reactions.remove");
    const methods = harness.fake.calls.map((call) => call.method).filter((method) => method !== "auth.test");
    expect(methods).toEqual(["reactions.add", "chat.postMessage", "reactions.remove"]);
    expect(removed.args).toMatchObject({ channel: "C0000001", timestamp: event.ts, name: "eyes" });
  });

  it("still answers when it may not add reactions", async () => {
    harness = await startHarness();
    harness.fake.failNext("reactions.add", { body: { ok: false, error: "missing_scope" } });
    await harness.sendEvent(mentionEvent({ text: `<@${FAKE_BOT_USER}> Is Django fast?` }));
    await harness.fake.waitForCall("chat.postMessage");
    expect(harness.fake.callsTo("reactions.remove")).toEqual([]);
  });

  it("shows an apology with a reference id when the engine fails, and logs the error under that id", async () => {
    const engine = scriptedEngine({
      reply: () => {
        throw new Error("index exploded");
      },
    });
    harness = await startHarness({ engine });
    await harness.sendEvent(mentionEvent({ text: `<@${FAKE_BOT_USER}> Is Django fast?` }));
    const post = await harness.fake.waitForCall("chat.postMessage");
    const referenceId = /E-[0-9A-F]{8}/.exec(String(post.args.text))?.[0];
    expect(referenceId).toBeDefined();
    expect(String(post.args.text)).toContain("Sorry");
    expect(post.args.thread_ts).toBeDefined();
    const logged = await harness.logs.waitFor((record) => record.referenceId === referenceId);
    expect(JSON.stringify(logged)).toContain("index exploded");
  });

  it("shows an apology when Slack rejects the answer itself", async () => {
    harness = await startHarness();
    harness.fake.failNext("chat.postMessage", { body: { ok: false, error: "invalid_blocks" } });
    await harness.sendEvent(mentionEvent({ text: `<@${FAKE_BOT_USER}> Is Django fast?` }));
    const apology = await harness.fake.waitForCall("chat.postMessage", (call) => /E-[0-9A-F]{8}/.test(String(call.args.text)));
    expect(apology.args.thread_ts).toBeDefined();
  });

  it("splits a 10,000-character answer into sections Slack accepts", async () => {
    const sentence = "Frameworks trade raw speed for developer time, which is usually the right call [1]. ";
    const long = sentence.repeat(Math.ceil(10_000 / sentence.length)).slice(0, 10_000);
    harness = await startHarness({ engine: scriptedEngine({ reply: (q) => groundedAnswer(q, { answer: long }) }) });
    harness.fake.respondTo("chat.postMessage", () => ({ body: { ok: true, ts: "1700000999.000100" } }));
    await harness.sendEvent(mentionEvent({ text: `<@${FAKE_BOT_USER}> tell me everything` }));
    const post = await harness.fake.waitForCall("chat.postMessage");
    const blocks = blocksOf(post.args);
    const sections = blocks.filter((block): block is types.SectionBlock => block.type === "section");
    expect(blocks.length).toBeLessThanOrEqual(SLACK_MESSAGE_BLOCKS_MAX);
    expect(sections.length).toBeGreaterThanOrEqual(4);
    for (const section of sections) expect(section.text?.text.length).toBeLessThanOrEqual(SLACK_SECTION_TEXT_MAX);
    expect(sections.map((s) => s.text?.text).join(" ").replace(/\s+/g, " ").length).toBeGreaterThanOrEqual(long.trim().length - 10);
  });

  it("delivers the 10,000-character answer through the fake's own limit checks", async () => {
    const long = "Django scales well for most teams [1]. ".repeat(260).slice(0, 10_000);
    harness = await startHarness({ engine: scriptedEngine({ reply: (q) => groundedAnswer(q, { answer: long }) }) });
    await harness.sendEvent(mentionEvent({ text: `<@${FAKE_BOT_USER}> tell me everything` }));
    // The 👀 comes off only after delivery, including any apology for a rejected post.
    await harness.fake.waitForCall("reactions.remove");
    expect(harness.fake.callsTo("chat.postMessage")).toHaveLength(1);
    expect(String(harness.fake.callsTo("chat.postMessage")[0]?.args.text)).not.toMatch(/E-[0-9A-F]{8}/);
  });

  it("retries a post that Slack rate-limited, after its Retry-After", async () => {
    harness = await startHarness();
    harness.fake.failNext("chat.postMessage", { status: 429, headers: { "retry-after": "1" }, body: { ok: false, error: "ratelimited" } });
    await harness.sendEvent(mentionEvent({ text: `<@${FAKE_BOT_USER}> Is Django fast?` }));
    await harness.fake.waitForCall("reactions.remove");
    const posts = harness.fake.callsTo("chat.postMessage");
    expect(posts).toHaveLength(2);
    expect(visibleText(posts[1]?.args ?? {})).toContain("Web frameworks add layers");
    await harness.logs.waitFor((record) => record.reason === "rate limited (429)" && record.retryInMs === 1000);
  });
});

describe("Slack bad input", () => {
  it("asks for a shorter question when it is huge", async () => {
    const engine = scriptedEngine();
    harness = await startHarness({ engine });
    await harness.sendEvent(mentionEvent({ text: `<@${FAKE_BOT_USER}> ${"why ".repeat(10_000)}` }));
    const post = await harness.fake.waitForCall("chat.postMessage");
    expect(String(post.args.text)).toContain("fewer words");
    expect(engine.calls).toEqual([]);
  });

  it("asks for words when sent binary junk", async () => {
    harness = await startHarness();
    await harness.sendEvent(mentionEvent({ text: `<@${FAKE_BOT_USER}> \u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000e` }));
    const post = await harness.fake.waitForCall("chat.postMessage");
    expect(String(post.args.text)).toContain("binary");
  });
});

describe("Slack safety", () => {
  it("neutralises <!channel> and @here typed into the question when the answer repeats it", async () => {
    const engine = scriptedEngine({ reply: (q) => groundedAnswer(q, { answer: `You asked: ${q} [1]` }) });
    harness = await startHarness({ engine });
    await harness.sendEvent(mentionEvent({ text: `<@${FAKE_BOT_USER}> <!channel> @here what is <!subteam^S1|@oncall>?` }));
    const post = await harness.fake.waitForCall("chat.postMessage");
    expect(visibleText(post.args)).toContain("You asked");
    expect(visibleText(post.args)).not.toMatch(PING);
  });

  it("neutralises @channel that comes from the corpus, in the answer and its sources", async () => {
    const engine = scriptedEngine({
      reply: (q) =>
        groundedAnswer(q, {
          answer: "Announce deploys with <!channel> or @everyone [1]. Ask <@U999> [2].",
          citations: groundedAnswer(q).citations.map((c) => ({ ...c, title: `<!here> ${c.title}`, section: `@channel ${c.section}` })),
        }),
    });
    harness = await startHarness({ engine });
    await harness.sendEvent(mentionEvent({ text: `<@${FAKE_BOT_USER}> how do we announce deploys?` }));
    const post = await harness.fake.waitForCall("chat.postMessage");
    expect(visibleText(post.args)).toContain("Announce deploys");
    expect(visibleText(post.args)).not.toMatch(PING);
  });

  it("rejects a request with a forged signature with 401 and never answers it", async () => {
    const engine = scriptedEngine();
    harness = await startHarness({ engine });
    const body = JSON.stringify(eventEnvelope(mentionEvent({ text: `<@${FAKE_BOT_USER}> forged` })));
    const result = await harness.post(body, "application/json", { secret: "not-the-secret" });
    expect(result.status).toBe(401);
    expect(harness.fake.callsTo("chat.postMessage")).toEqual([]);
    expect(engine.calls).toEqual([]);
  });

  it("rejects a correctly signed request older than five minutes with 401", async () => {
    const engine = scriptedEngine();
    harness = await startHarness({ engine });
    const body = JSON.stringify(eventEnvelope(mentionEvent({ text: `<@${FAKE_BOT_USER}> replayed` })));
    const result = await harness.post(body, "application/json", { secret: SIGNING_SECRET, timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(result.status).toBe(401);
    expect(harness.fake.callsTo("chat.postMessage")).toEqual([]);
    expect(engine.calls).toEqual([]);
  });

  it("ignores its own messages", async () => {
    const engine = scriptedEngine();
    harness = await startHarness({ engine });
    await harness.sendEvent(messageEvent({ text: "my own answer", user: FAKE_BOT_USER, bot_id: FAKE_BOT_ID, channel: "D0000001", channel_type: "im" }));
    await harness.logs.waitFor((record) => record.msg === "slack message ignored" && record.reason === "own message");
    expect(harness.fake.callsTo("chat.postMessage")).toEqual([]);
    expect(engine.calls).toEqual([]);
  });

  it("ignores other bots' messages and mentions", async () => {
    harness = await startHarness();
    await harness.sendEvent(messageEvent({ text: "beep", bot_id: "BOTHER", user: "UOTHERBOT", channel: "D0000001", channel_type: "im" }));
    await harness.sendEvent(mentionEvent({ text: `<@${FAKE_BOT_USER}> beep`, bot_id: "BOTHER", user: "UOTHERBOT" }));
    await harness.logs.waitFor((record) => record.reason === "another bot's message" && harness!.logs.records.filter((r) => r.reason === "another bot's message").length === 2);
    expect(harness.fake.callsTo("chat.postMessage")).toEqual([]);
  });

  it("ignores edits and joins", async () => {
    harness = await startHarness();
    await harness.sendEvent(messageEvent({ text: "", subtype: "message_changed", channel: "D0000001", channel_type: "im" }));
    await harness.sendEvent(messageEvent({ text: "<@U1> has joined", subtype: "channel_join" }));
    await harness.logs.waitFor((record) => record.reason === "message subtype channel_join");
    await harness.logs.waitFor((record) => record.reason === "message subtype message_changed");
    expect(harness.fake.callsTo("chat.postMessage")).toEqual([]);
  });

  it("answers the same message once when Slack delivers it twice", async () => {
    const engine = scriptedEngine();
    harness = await startHarness({ engine });
    const event = mentionEvent({ text: `<@${FAKE_BOT_USER}> Is Django fast?` });
    await harness.sendEvent(event);
    await harness.sendEvent(event);
    await harness.logs.waitFor((record) => record.msg === "slack message ignored: already handled");
    await harness.fake.waitForCall("reactions.remove");
    expect(harness.fake.callsTo("chat.postMessage")).toHaveLength(1);
  });

  it("logs a malformed event and keeps serving", async () => {
    harness = await startHarness();
    await harness.sendEvent({ type: "app_mention", user: "U_HUMAN", channel: "C0000001", ts: "not-a-ts", text: `<@${FAKE_BOT_USER}> hi` });
    await harness.logs.waitFor((record) => record.msg === "ignored a malformed Slack payload" && String(record.reason).includes("ts"));
    await harness.sendEvent(mentionEvent({ text: `<@${FAKE_BOT_USER}> Is Django fast?` }));
    await harness.fake.waitForCall("chat.postMessage");
  });

  it("tells the user politely when mentioned in a channel outside SLACK_ALLOWED_CHANNELS", async () => {
    const engine = scriptedEngine();
    harness = await startHarness({ engine, env: { SLACK_ALLOWED_CHANNELS: "CALLOWED1" } });
    await harness.sendEvent(mentionEvent({ text: `<@${FAKE_BOT_USER}> Is Django fast?`, channel: "COTHER001" }));
    const notice = await harness.fake.waitForCall("chat.postEphemeral");
    expect(notice.args).toMatchObject({ channel: "COTHER001", user: "U_HUMAN" });
    expect(String(notice.args.text)).toContain("<#CALLOWED1>");
    expect(engine.calls).toEqual([]);
  });

  it("never writes the bot token or signing secret to the log", async () => {
    harness = await startHarness();
    await harness.sendEvent(mentionEvent({ text: `<@${FAKE_BOT_USER}> Is Django fast?` }));
    await harness.fake.waitForCall("reactions.remove");
    const everything = harness.logs.raw.join("\n");
    expect(harness.logs.records.length).toBeGreaterThan(5);
    expect(everything).not.toContain(BOT_TOKEN);
    expect(everything).not.toContain("secretbottoken");
    expect(everything).not.toContain(SIGNING_SECRET);
  });
});
