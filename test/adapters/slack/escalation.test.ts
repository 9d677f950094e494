import type { types } from "@slack/bolt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ActionId } from "../../../src/adapters/slack/blocks.js";
import { createKnowledgeHooks } from "../../../src/knowledge/conversation-hooks.js";
import type { EscalationOptions } from "../../../src/knowledge/escalation/escalation-options.js";
import { silentLogger } from "../../../src/logger.js";
import { openStore } from "../../../src/store/open-store.js";
import type { Store } from "../../../src/store/store.js";
import { FAKE_BOT_USER } from "../../fakes/slack.js";
import { buttonClickForm, mentionEvent, messageEvent } from "../../fakes/slack-requests.js";
import { makeTempDir } from "../../helpers/temp-dir.js";
import { type Harness, startHarness } from "./harness.js";

const FORM = "application/x-www-form-urlencoded";
const EXPERTS = { channelId: "CEXPERTS1", groupId: "SEXPERT01" };

let harness: Harness | undefined;
let store: Store;
let dir: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  dir = await makeTempDir("slack-escalation");
  store = await openStore({ dataDir: dir.path });
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  await store.close();
  await dir.remove();
});

const buttonsOf = (args: Record<string, unknown>) =>
  ((args.blocks ?? []) as types.KnownBlock[]).flatMap((block) => (block.type === "actions" ? (block.elements as types.Button[]) : []));
/** Every Slack mention token in a message: users, groups, @here/@channel/@everyone. */
const mentionsIn = (args: Record<string, unknown>) => JSON.stringify(args).match(/<[@!][^>|]*/g) ?? [];

async function startWith(escalation: EscalationOptions): Promise<Harness> {
  const knowledge = createKnowledgeHooks({ escalation, logger: silentLogger() });
  return startHarness({ knowledge, ...(escalation.enabled && escalation.slack ? { escalation: { target: escalation.slack, log: store.escalations } } : {}) });
}

async function answerWithButtons(h: Harness, question: string) {
  await h.sendEvent(mentionEvent({ text: `<@${FAKE_BOT_USER}> ${question}` }));
  const post = await h.fake.waitForCall("chat.postMessage");
  return buttonsOf(post.args);
}

describe("Slack “Still need help?”", () => {
  it("posts the question to the expert channel once, mentioning the expert group and no one else, however often it is clicked", async () => {
    harness = await startWith({ enabled: true, slack: EXPERTS });
    const buttons = await answerWithButtons(harness, "Is Django fast? <!channel> <@U0OTHER01>");
    const escalate = buttons.find((button) => button.action_id === ActionId.Escalate);
    expect(escalate?.text.text).toBe("Still need help?");
    for (const path of ["first", "second"]) {
      const click = await harness.post(buttonClickForm({ actionId: ActionId.Escalate, value: String(escalate?.value), responseUrl: harness.fake.responseUrl(path), user: "U_ASKER01" }), FORM);
      expect(click.status).toBe(200);
    }
    const replies = await Promise.all(["first", "second"].map((path) => harness!.fake.waitForResponsePost((post) => post.path === `/response/${path}`)));
    const told = replies.map((reply) => String(reply.body.text));
    expect(told.filter((text) => text.includes("passed your question to the experts"))).toHaveLength(1);
    expect(told.filter((text) => text.includes("already with the experts"))).toHaveLength(1);

    const toExperts = harness.fake.callsTo("chat.postMessage").filter((call) => call.args.channel === EXPERTS.channelId);
    expect(toExperts).toHaveLength(1);
    expect(mentionsIn(toExperts[0]!.args).filter((mention) => mention !== `<@${FAKE_BOT_USER}`)).toEqual(["<!subteam^SEXPERT01", "<!subteam^SEXPERT01"]);
    expect(JSON.stringify(toExperts[0]!.args)).toContain("Is Django fast?");
    expect(JSON.stringify(toExperts[0]!.args)).toContain("https://fake.slack.test/archives/C0000001/");
    expect(toExperts[0]!.args.link_names).toBeUndefined();

    const [escalation, ...more] = await store.escalations.list();
    expect(more).toEqual([]);
    expect(escalation).toMatchObject({ platform: "slack", channelId: "C0000001", expertChannelId: EXPERTS.channelId, question: expect.stringContaining("Is Django fast?") });
    expect(escalation?.expertMessageId).toBeDefined();
    expect(escalation?.requesterHash).not.toContain("U_ASKER01");
  });

  it("records an expert's reply under the expert post with the escalation, and does not answer it as a question", async () => {
    harness = await startWith({ enabled: true, slack: EXPERTS });
    const buttons = await answerWithButtons(harness, "Is Django fast?");
    const escalate = buttons.find((button) => button.action_id === ActionId.Escalate);
    await harness.post(buttonClickForm({ actionId: ActionId.Escalate, value: String(escalate?.value), responseUrl: harness.fake.responseUrl("esc") }), FORM);
    await harness.fake.waitForResponsePost((post) => post.path === "/response/esc");
    const [opened] = await store.escalations.list();
    const expertTs = String(opened?.expertMessageId);

    const ts = "1700009000.000100";
    await harness.sendEvent(messageEvent({ channel: EXPERTS.channelId, thread_ts: expertTs, ts, user: "UEXPERT01", text: "Yes: put a cache in front of it, see the ops runbook." }));
    await harness.logs.waitFor((record) => record.msg === "expert reply recorded");
    await harness.logs.waitFor((record) => record.msg === "slack message ignored" && record.ts === ts);

    const [escalation] = await store.escalations.list({ answered: true });
    expect(escalation?.replies.map((reply) => reply.text)).toEqual(["Yes: put a cache in front of it, see the ops runbook."]);
    expect(escalation?.replies[0]?.replierHash).not.toContain("UEXPERT01");
    expect(harness.fake.callsTo("chat.postMessage").filter((call) => call.args.thread_ts === expertTs)).toEqual([]);
  });

  it("keeps “Still need help?” under the answer after a 👍", async () => {
    harness = await startWith({ enabled: true, slack: EXPERTS });
    const buttons = await answerWithButtons(harness, "Is Django fast?");
    const post = harness.fake.callsTo("chat.postMessage")[0]!;
    const click = buttonClickForm({ actionId: ActionId.FeedbackUp, value: String(buttons[0]?.value), responseUrl: harness.fake.responseUrl("vote") });
    // Slack sends the clicked message along with the click.
    const form = new URLSearchParams(click);
    const payload = JSON.parse(String(form.get("payload"))) as Record<string, unknown>;
    await harness.post(new URLSearchParams({ payload: JSON.stringify({ ...payload, message: { text: post.args.text, blocks: post.args.blocks } }) }).toString(), FORM);
    const update = await harness.fake.waitForResponsePost((response) => response.path === "/response/vote");
    expect(buttonsOf(update.body).map((button) => button.action_id)).toEqual([ActionId.Escalate]);
  });

  it("offers no button with ESCALATION off", async () => {
    harness = await startWith({ enabled: false, slack: EXPERTS });
    const buttons = await answerWithButtons(harness, "Is Django fast?");
    expect(buttons.map((button) => button.action_id)).toEqual([ActionId.FeedbackUp, ActionId.FeedbackDown]);
  });
});
