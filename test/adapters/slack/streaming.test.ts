import { setTimeout as delay } from "node:timers/promises";
import type { types } from "@slack/bolt";
import { afterEach, describe, expect, it } from "vitest";
import { ActionId } from "../../../src/adapters/slack/blocks.js";
import type { AnswerOptions } from "../../../src/engine/answer.js";
import { groundedAnswer, scriptedEngine } from "../../fakes/engine.js";
import { type ApiCall, FAKE_BOT_USER } from "../../fakes/slack.js";
import { mentionEvent, messageEvent } from "../../fakes/slack-requests.js";
import { type Harness, startHarness, visibleText } from "./harness.js";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const PING = /<!(channel|here|everyone|subteam)|<@U|(?<!\u2060)@(channel|here|everyone)\b/i;
const GENERATED = "Django scales to millions of users [1]. Frameworks add overhead per request [2].";

/** The final answer carries the feedback buttons; the answer in progress never does. */
const hasFeedbackButtons = (call: ApiCall) =>
  (call.args.blocks as types.KnownBlock[] | undefined)?.some(
    (block) => block.type === "actions" && block.elements.some((element) => "action_id" in element && element.action_id === ActionId.FeedbackUp),
  ) === true;

/** An engine that streams like GENERATOR=openai: `write` calls onPartial, then the validated answer resolves. */
function streamingEngine(write: (onPartial: (text: string) => void) => Promise<void> | void) {
  return scriptedEngine({
    reply: async (question: string, options: AnswerOptions) => {
      await write((text) => options.onPartial?.(text));
      return groundedAnswer(question, { answer: GENERATED, generator: "openai" });
    },
  });
}

describe("Slack: answers streamed while an LLM writes them", () => {
  it("posts the text in progress in the thread, updates it, and ends with the final answer's blocks", async () => {
    let slack: Harness | undefined;
    const engine = streamingEngine(async (onPartial) => {
      onPartial("Django scales");
      await slack?.fake.waitForCall("chat.postMessage");
      onPartial("Django scales to millions of users [1].");
      await slack?.fake.waitForCall("chat.update");
    });
    harness = slack = await startHarness({ engine });
    const event = mentionEvent({ text: `<@${FAKE_BOT_USER}> Is Django fast enough?` });
    await harness.sendEvent(event);

    const final = await harness.fake.waitForCall("chat.update", hasFeedbackButtons);
    await harness.fake.waitForCall("reactions.remove");
    const [placeholder, ...otherPosts] = harness.fake.callsTo("chat.postMessage");
    expect(otherPosts).toEqual([]);
    expect(placeholder?.args).toMatchObject({ channel: "C0000001", thread_ts: event.ts });
    expect(visibleText(placeholder?.args ?? {})).toContain("Django scales");
    const updates = harness.fake.callsTo("chat.update");
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(visibleText(updates[0]?.args ?? {})).toContain("Django scales to millions of users [1].");
    expect(updates.at(-1)).toBe(final);
    expect(new Set(updates.map((update) => `${String(update.args.channel)}/${String(update.args.ts)}`))).toEqual(new Set([`C0000001/${String(updates[0]?.args.ts)}`]));
    expect(visibleText(final.args)).toContain("Frameworks add overhead per request [2].");
    expect(visibleText(final.args)).toContain("[2] How Scalable are Websites Built in Django Framework?");
    expect(visibleText(final.args)).not.toContain("Writing…");
  });

  it("streams an answer to a DM in the DM", async () => {
    harness = await startHarness({ engine: streamingEngine((onPartial) => onPartial("Django scales")) });
    await harness.sendEvent(messageEvent({ text: "Is Django fast?", channel: "D0000001", channel_type: "im" }));

    const final = await harness.fake.waitForCall("chat.update", hasFeedbackButtons);
    const [placeholder] = harness.fake.callsTo("chat.postMessage");
    expect(placeholder?.args.channel).toBe("D0000001");
    expect(visibleText(placeholder?.args ?? {})).toContain("Django scales");
    expect(final.args.channel).toBe("D0000001");
  });

  it("streams an answer to a follow-up in the thread it continues", async () => {
    const engine = streamingEngine((onPartial) => onPartial("Django scales"));
    harness = await startHarness({ engine });
    const root = mentionEvent({ text: `<@${FAKE_BOT_USER}> Should we use Django for a high-traffic site?` });
    await harness.sendEvent(root);
    await harness.fake.waitForCall("reactions.remove");
    await harness.sendEvent(messageEvent({ text: "and what about Rails?", thread_ts: root.ts }));

    await harness.fake.waitForCall("chat.update", (call) => hasFeedbackButtons(call) && engine.calls.length === 2);
    const posts = harness.fake.callsTo("chat.postMessage");
    expect(posts).toHaveLength(2);
    expect(posts[1]?.args).toMatchObject({ channel: "C0000001", thread_ts: root.ts });
    expect(visibleText(posts[1]?.args ?? {})).toContain("Writing…");
  });

  it("streams an answer in the assistant pane's thread", async () => {
    harness = await startHarness({ engine: streamingEngine((onPartial) => onPartial("Django scales")) });
    await harness.sendEvent(messageEvent({ text: "Is Django fast?", channel: "D0000009", channel_type: "im", thread_ts: "1700005000.000100" }));

    const final = await harness.fake.waitForCall("chat.update", hasFeedbackButtons);
    const [placeholder] = harness.fake.callsTo("chat.postMessage");
    expect(placeholder?.args).toMatchObject({ channel: "D0000009", thread_ts: "1700005000.000100" });
    expect(visibleText(placeholder?.args ?? {})).toContain("Django scales");
    expect(final.args.channel).toBe("D0000009");
  });

  it("never lets partial text ping anyone", async () => {
    let slack: Harness | undefined;
    const engine = streamingEngine(async (onPartial) => {
      onPartial("Tell <!channel> and @everyone, and <@U0000042>");
      await slack?.fake.waitForCall("chat.postMessage");
      onPartial("Tell <!channel> and @everyone, and <@U0000042> and <!subteam^S123|@team> [1].");
      await slack?.fake.waitForCall("chat.update");
    });
    harness = slack = await startHarness({ engine });
    await harness.sendEvent(mentionEvent({ text: `<@${FAKE_BOT_USER}> who should know?` }));

    await harness.fake.waitForCall("chat.update", hasFeedbackButtons);
    const streamed = [...harness.fake.callsTo("chat.postMessage"), ...harness.fake.callsTo("chat.update").filter((call) => !hasFeedbackButtons(call))];
    expect(streamed.length).toBeGreaterThanOrEqual(2);
    for (const call of streamed) {
      expect(visibleText(call.args)).toContain("everyone");
      expect(visibleText(call.args)).not.toMatch(PING);
    }
  });

  it("bounds the update rate however fast the partial text arrives", async () => {
    const engine = streamingEngine(async (onPartial) => {
      let text = "Django";
      for (let piece = 0; piece < 20; piece += 1) {
        text += ` scales${piece}`;
        onPartial(text);
        // A model emitting tokens: without a bound, each piece could be its own edit.
        await delay(10);
      }
    });
    harness = await startHarness({ engine });
    await harness.sendEvent(mentionEvent({ text: `<@${FAKE_BOT_USER}> Is Django fast?` }));

    await harness.fake.waitForCall("chat.update", hasFeedbackButtons);
    expect(harness.fake.callsTo("chat.postMessage")).toHaveLength(1);
    expect(harness.fake.callsTo("chat.update").length).toBeLessThanOrEqual(3);
  });

  it("replaces the text in progress with an apology when the answer times out", async () => {
    const engine = scriptedEngine({
      reply: (question, options) =>
        new Promise((resolve) => {
          options.onPartial?.("Django scales");
          options.signal?.addEventListener("abort", () => resolve(groundedAnswer(question)));
        }),
    });
    harness = await startHarness({ engine, env: { ANSWER_TIMEOUT_MS: "300" } });
    await harness.sendEvent(mentionEvent({ text: `<@${FAKE_BOT_USER}> Is Django fast?` }));

    const apology = await harness.fake.waitForCall("chat.update", (call) => visibleText(call.args).includes("reference"));
    expect(harness.fake.callsTo("chat.postMessage")).toHaveLength(1);
    expect(visibleText(apology.args)).toContain("took too long");
    expect(visibleText(apology.args)).not.toContain("Django scales");
  });

  it("posts the final answer anew, removing the text in progress, when the update is refused", async () => {
    const engine = streamingEngine((onPartial) => onPartial("Django scales"));
    harness = await startHarness({ engine });
    harness.fake.respondTo("chat.update", () => ({ body: { ok: false, error: "message_not_found" } }));
    await harness.sendEvent(mentionEvent({ text: `<@${FAKE_BOT_USER}> Is Django fast?` }));

    const final = await harness.fake.waitForCall("chat.postMessage", hasFeedbackButtons);
    const [placeholder] = harness.fake.callsTo("chat.postMessage");
    const removed = harness.fake.callsTo("chat.delete");
    expect(removed).toHaveLength(1);
    expect(harness.fake.calls.indexOf(removed[0] as ApiCall)).toBeLessThan(harness.fake.calls.indexOf(final));
    expect(placeholder).not.toBe(final);
    expect(visibleText(final.args)).toContain("Frameworks add overhead per request [2].");
  });

  it("posts once and never edits when no partial text arrives (GENERATOR=extractive)", async () => {
    harness = await startHarness({ engine: scriptedEngine() });
    await harness.sendEvent(mentionEvent({ text: `<@${FAKE_BOT_USER}> Is Django fast?` }));

    const answer = await harness.fake.waitForCall("chat.postMessage");
    await harness.fake.waitForCall("reactions.remove");
    expect(hasFeedbackButtons(answer)).toBe(true);
    expect(harness.fake.callsTo("chat.postMessage")).toHaveLength(1);
    expect(harness.fake.callsTo("chat.update")).toEqual([]);
  });
});
