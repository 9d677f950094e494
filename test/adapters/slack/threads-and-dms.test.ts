import { afterEach, describe, expect, it } from "vitest";
import { scriptedEngine } from "../../fakes/engine.js";
import { FAKE_BOT_USER } from "../../fakes/slack.js";
import { mentionEvent, messageEvent } from "../../fakes/slack-requests.js";
import { type Harness, startHarness, visibleText } from "./harness.js";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe("Slack direct messages", () => {
  it("answers a mention in a DM once, as a DM", async () => {
    harness = await startHarness();
    const ts = "1700002000.000100";
    await harness.sendEvent(mentionEvent({ text: `<@${FAKE_BOT_USER}> Is Django fast?`, channel: "D0000001", ts }));
    await harness.sendEvent(messageEvent({ text: `<@${FAKE_BOT_USER}> Is Django fast?`, channel: "D0000001", channel_type: "im", ts }));
    await harness.fake.waitForCall("reactions.remove");
    await harness.logs.waitFor((record) => record.reason === "mention in a DM is answered as a DM");
    expect(harness.fake.callsTo("chat.postMessage")).toHaveLength(1);
  });
});

describe("Slack group DMs", () => {
  it("answers a group DM without a mention, in the group DM, like a DM", async () => {
    const engine = scriptedEngine();
    harness = await startHarness({ engine, env: { SLACK_ALLOWED_CHANNELS: "C0000001" } });
    await harness.sendEvent(messageEvent({ text: "Is Django fast?", channel: "G0000007", channel_type: "mpim" }));
    const post = await harness.fake.waitForCall("chat.postMessage");
    expect(post.args.channel).toBe("G0000007");
    expect(post.args.thread_ts).toBeUndefined();
    expect(visibleText(post.args)).toContain("Web frameworks add layers");
    expect(engine.calls[0]?.question).toBe("Is Django fast?");
  });

  it("answers a mention in a group DM once, as a DM", async () => {
    harness = await startHarness();
    await harness.sendEvent(messageEvent({ text: "Is Django fast?", channel: "G0000007", channel_type: "mpim" }));
    await harness.fake.waitForCall("reactions.remove");
    const ts = "1700002000.000300";
    await harness.sendEvent(mentionEvent({ text: `<@${FAKE_BOT_USER}> and Rails?`, channel: "G0000007", ts }));
    await harness.sendEvent(messageEvent({ text: `<@${FAKE_BOT_USER}> and Rails?`, channel: "G0000007", channel_type: "mpim", ts }));
    await harness.fake.waitForCall("reactions.remove", () => harness!.fake.callsTo("reactions.remove").length === 2);
    await harness.logs.waitFor((record) => record.reason === "mention in a DM is answered as a DM");
    const posts = harness.fake.callsTo("chat.postMessage");
    expect(posts).toHaveLength(2);
    expect(posts[1]?.args).toMatchObject({ channel: "G0000007" });
    expect(posts[1]?.args.thread_ts).toBeUndefined();
  });

  it("explains politely that DMs are off when ALLOW_DMS=false", async () => {
    const engine = scriptedEngine();
    harness = await startHarness({ engine, env: { ALLOW_DMS: "false" } });
    await harness.sendEvent(messageEvent({ text: "Is Django fast?", channel: "G0000007", channel_type: "mpim" }));
    const post = await harness.fake.waitForCall("chat.postMessage");
    expect(String(post.args.text)).toContain("don't answer direct messages");
    expect(engine.calls).toEqual([]);
  });
});

describe("Slack thread follow-ups", () => {
  async function askInThread(h: Harness): Promise<string> {
    const mention = mentionEvent({ text: `<@${FAKE_BOT_USER}> Should we use Django for a high-traffic site?` });
    await h.sendEvent(mention);
    await h.fake.waitForCall("reactions.remove");
    return String(mention.ts);
  }

  it("ignores messages in threads it has not answered", async () => {
    const engine = scriptedEngine();
    harness = await startHarness({ engine });
    await harness.sendEvent(messageEvent({ text: "and what about Rails?", thread_ts: "1699999000.000100" }));
    await harness.logs.waitFor((record) => record.reason === "thread the bot has not answered in");
    expect(engine.calls).toEqual([]);
    expect(harness.fake.callsTo("chat.postMessage")).toEqual([]);
  });

  it("ignores channel chatter that does not mention it", async () => {
    harness = await startHarness();
    await harness.sendEvent(messageEvent({ text: "lunch?" }));
    await harness.logs.waitFor((record) => record.reason === "channel message without a mention");
    expect(harness.fake.callsTo("chat.postMessage")).toEqual([]);
  });

  it("leaves follow-ups unanswered when THREAD_FOLLOWUPS=false", async () => {
    const engine = scriptedEngine();
    harness = await startHarness({ engine, env: { THREAD_FOLLOWUPS: "false" } });
    const root = await askInThread(harness);
    await harness.sendEvent(messageEvent({ text: "and what about Rails?", thread_ts: root }));
    await harness.logs.waitFor((record) => record.reason === "thread follow-ups are off");
    expect(engine.calls).toHaveLength(1);
  });

  it("answers a follow-up that mentions it once, through the mention", async () => {
    const engine = scriptedEngine();
    harness = await startHarness({ engine });
    const root = await askInThread(harness);
    const ts = "1700003000.000100";
    const text = `<@${FAKE_BOT_USER}> and what about Rails?`;
    await harness.sendEvent(messageEvent({ text, thread_ts: root, ts }));
    await harness.sendEvent(mentionEvent({ text, thread_ts: root, ts }));
    await harness.fake.waitForCall("reactions.remove", () => harness!.fake.callsTo("reactions.remove").length === 2);
    await harness.logs.waitFor((record) => record.reason === "mention is answered by app_mention");
    expect(engine.calls).toHaveLength(2);
  });
});
