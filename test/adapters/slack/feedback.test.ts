import { afterEach, describe, expect, it } from "vitest";
import type { types } from "@slack/bolt";
import { ActionId } from "../../../src/adapters/slack/blocks.js";
import { decodeButtonValue } from "../../../src/adapters/slack/button-value.js";
import { openStore } from "../../../src/store/open-store.js";
import { FAKE_BOT_USER } from "../../fakes/slack.js";
import { buttonClickForm, commandForm, mentionEvent } from "../../fakes/slack-requests.js";
import { type Harness, startHarness, visibleText } from "./harness.js";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const FORM = "application/x-www-form-urlencoded";
const buttonsOf = (args: Record<string, unknown>) =>
  ((args.blocks ?? []) as types.KnownBlock[]).flatMap((block) => (block.type === "actions" ? (block.elements as types.Button[]) : []));

/** Asks in a channel; the 👍/👎 buttons' value, and the answer's id it carries. */
async function answerInChannel(h: Harness): Promise<{ value: string; answerId: string }> {
  await h.sendEvent(mentionEvent({ text: `<@${FAKE_BOT_USER}> Is Django fast?` }));
  const post = await h.fake.waitForCall("chat.postMessage");
  const value = String(buttonsOf(post.args)[0]?.value);
  return { value, answerId: decodeButtonValue(value).answerId };
}

describe("Slack feedback buttons", () => {
  it("stores a 👎 with the question, answer, citations, user and channel", async () => {
    harness = await startHarness();
    const { value, answerId } = await answerInChannel(harness);
    const click = await harness.post(buttonClickForm({ actionId: ActionId.FeedbackDown, value, responseUrl: harness.fake.responseUrl("fb"), user: "U_RATER" }), FORM);
    expect(click.status).toBe(200);
    await harness.fake.waitForResponsePost((p) => p.path === "/response/fb");
    const [record] = await harness.feedback.list();
    expect(record).toMatchObject({
      answerId,
      platform: "slack",
      verdict: "down",
      question: "Is Django fast?",
      answer: expect.stringContaining("Web frameworks add layers"),
      userHash: harness.store.hashUserId("slack", "U_RATER"),
      channelId: "C0000001",
    });
    expect(record?.citations.map((c) => c.title)).toEqual(["When Not to Use a Web Framework", "How Scalable are Websites Built in Django Framework?"]);
    expect(Date.parse(record?.at ?? "")).not.toBeNaN();
  });

  it("replaces the buttons with a thank-you, keeping the answer", async () => {
    harness = await startHarness();
    const { value } = await answerInChannel(harness);
    await harness.post(buttonClickForm({ actionId: ActionId.FeedbackUp, value, responseUrl: harness.fake.responseUrl("fb") }), FORM);
    const update = await harness.fake.waitForResponsePost((p) => p.path === "/response/fb");
    expect(update.body.replace_original).toBe(true);
    expect(buttonsOf(update.body)).toEqual([]);
    expect(visibleText(update.body)).toContain("Thanks for the 👍 feedback");
    expect(visibleText(update.body)).toContain("Web frameworks add layers");
  });

  it("keeps feedback readable after the store is reopened, as after a restart", async () => {
    harness = await startHarness();
    const { value, answerId } = await answerInChannel(harness);
    await harness.post(buttonClickForm({ actionId: ActionId.FeedbackUp, value, responseUrl: harness.fake.responseUrl("fb") }), FORM);
    await harness.fake.waitForResponsePost((p) => p.path === "/response/fb");
    await harness.store.close();
    const reopened = await openStore({ dataDir: harness.dataDir });
    try {
      expect(await reopened.feedback.list()).toEqual([expect.objectContaining({ answerId, verdict: "up", platform: "slack" })]);
    } finally {
      await reopened.close();
    }
  });

  it("keeps the Post to channel button on a private answer after rating it", async () => {
    harness = await startHarness();
    await harness.post(commandForm({ command: "/ask", text: "Is Django fast?", responseUrl: harness.fake.responseUrl("cmd") }), FORM);
    const answer = await harness.fake.waitForResponsePost((p) => p.path === "/response/cmd");
    const value = String(buttonsOf(answer.body)[0]?.value);
    await harness.post(buttonClickForm({ actionId: ActionId.FeedbackUp, value, responseUrl: harness.fake.responseUrl("fb"), ephemeral: true }), FORM);
    const update = await harness.fake.waitForResponsePost((p) => p.path === "/response/fb");
    expect(buttonsOf(update.body).map((b) => b.action_id)).toEqual([ActionId.PostToChannel]);
  });

  it("says the answer is too old, and stores nothing, when it is no longer remembered", async () => {
    harness = await startHarness();
    await harness.post(buttonClickForm({ actionId: ActionId.FeedbackUp, value: "evicted-id", responseUrl: harness.fake.responseUrl("fb") }), FORM);
    const notice = await harness.fake.waitForResponsePost((p) => p.path === "/response/fb");
    expect(notice.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(String(notice.body.text)).toContain("too old");
    expect(await harness.feedback.list()).toEqual([]);
  });

  it("apologises with a reference id when the feedback cannot be stored", async () => {
    harness = await startHarness();
    const { value } = await answerInChannel(harness);
    // A store that has gone away makes every write fail.
    await harness.store.close();
    await harness.post(buttonClickForm({ actionId: ActionId.FeedbackUp, value, responseUrl: harness.fake.responseUrl("fb") }), FORM);
    const apology = await harness.fake.waitForResponsePost((p) => p.path === "/response/fb");
    expect(apology.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    const referenceId = /E-[0-9A-F]{8}/.exec(String(apology.body.text))?.[0];
    expect(referenceId).toBeDefined();
    await harness.logs.waitFor((record) => record.referenceId === referenceId && record.msg === "could not store feedback");
  });
});
