import type { types } from "@slack/bolt";
import { afterEach, describe, expect, it } from "vitest";
import { ActionId } from "../../../src/adapters/slack/blocks.js";
import type { AnswerOptions } from "../../../src/engine/answer.js";
import { groundedAnswer, scriptedEngine } from "../../fakes/engine.js";
import type { ApiCall } from "../../fakes/slack.js";
import { messageEvent } from "../../fakes/slack-requests.js";
import { type Harness, startHarness, visibleText } from "./harness.js";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

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

// Streaming in mentions, DMs and follow-ups is stated once for both platforms in test/adapters/streaming.case.ts.
describe("Slack: answers streamed while an LLM writes them", () => {
  it("streams an answer in the assistant pane's thread", async () => {
    harness = await startHarness({ engine: streamingEngine((onPartial) => onPartial("Django scales")) });
    await harness.sendEvent(messageEvent({ text: "Is Django fast?", channel: "D0000009", channel_type: "im", thread_ts: "1700005000.000100" }));

    const final = await harness.fake.waitForCall("chat.update", hasFeedbackButtons);
    const [placeholder] = harness.fake.callsTo("chat.postMessage");
    expect(placeholder?.args).toMatchObject({ channel: "D0000009", thread_ts: "1700005000.000100" });
    expect(visibleText(placeholder?.args ?? {})).toContain("Django scales");
    expect(final.args.channel).toBe("D0000009");
  });
});
