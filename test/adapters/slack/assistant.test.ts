import { afterEach, describe, expect, it } from "vitest";
import { suggestedPrompts } from "../../../src/adapters/slack/assistant.js";
import { SLACK_SUGGESTED_PROMPTS_MAX } from "../../../src/adapters/slack/limits.js";
import { scriptedEngine } from "../../fakes/engine.js";
import { messageEvent } from "../../fakes/slack-requests.js";
import { type Harness, startHarness, visibleText } from "./harness.js";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const PANE = { channel: "D0000009", channel_type: "im" };
const THREAD = "1700005000.000100";

describe("Slack assistant pane", () => {
  it("greets and suggests prompts from the corpus when a thread starts", async () => {
    const engine = scriptedEngine({ topics: [{ title: "How Scalable is Django", url: "/django", sections: [] }] });
    harness = await startHarness({ engine });
    await harness.sendEvent({
      type: "assistant_thread_started",
      assistant_thread: { user_id: "U_HUMAN", channel_id: PANE.channel, thread_ts: THREAD, context: {} },
      event_ts: "1700005000.000200",
    });
    const prompts = await harness.fake.waitForCall("assistant.threads.setSuggestedPrompts");
    expect(prompts.args).toMatchObject({ channel_id: PANE.channel, thread_ts: THREAD });
    expect(JSON.stringify(prompts.args.prompts)).toContain("How Scalable is Django");
    const greeting = await harness.fake.waitForCall("chat.postMessage");
    expect(greeting.args).toMatchObject({ channel: PANE.channel, thread_ts: THREAD });
  });

  it("shows a status while thinking, then answers in the pane's thread", async () => {
    harness = await startHarness();
    await harness.sendEvent(messageEvent({ text: "Is Django fast?", thread_ts: THREAD, ...PANE }));
    const answer = await harness.fake.waitForCall("chat.postMessage");
    expect(answer.args).toMatchObject({ channel: PANE.channel, thread_ts: THREAD });
    expect(visibleText(answer.args)).toContain("Web frameworks add layers");
    const statuses = harness.fake.callsTo("assistant.threads.setStatus");
    expect(statuses[0]?.args).toMatchObject({ channel_id: PANE.channel, thread_ts: THREAD, status: "is searching the docs…" });
    expect(harness.fake.calls.indexOf(statuses[0]!)).toBeLessThan(harness.fake.calls.indexOf(answer));
  });

  it("still answers when the status cannot be set", async () => {
    harness = await startHarness();
    harness.fake.failNext("assistant.threads.setStatus", { body: { ok: false, error: "not_allowed_token_type" } });
    await harness.sendEvent(messageEvent({ text: "Is Django fast?", thread_ts: THREAD, ...PANE }));
    const answer = await harness.fake.waitForCall("chat.postMessage");
    expect(visibleText(answer.args)).toContain("Web frameworks add layers");
  });

  it("ignores its own messages in the pane", async () => {
    const engine = scriptedEngine();
    harness = await startHarness({ engine });
    await harness.sendEvent(messageEvent({ text: "my answer", thread_ts: THREAD, user: "UBOT0001", bot_id: "BBOT0001", ...PANE }));
    await harness.logs.waitFor((record) => record.reason === "own message");
    expect(engine.calls).toEqual([]);
  });
});

describe("suggestedPrompts", () => {
  it("offers at most four prompts, ending with what the bot can answer", () => {
    const topics = Array.from({ length: 9 }, (_, i) => ({ title: `Doc ${i}`, url: `/d${i}`, sections: [] }));
    const prompts = suggestedPrompts(topics);
    expect(prompts).toHaveLength(SLACK_SUGGESTED_PROMPTS_MAX);
    expect(prompts.at(-1)).toEqual({ title: "What can you answer?", message: "help" });
  });
});
