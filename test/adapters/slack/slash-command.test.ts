import { afterEach, describe, expect, it } from "vitest";
import type { types } from "@slack/bolt";
import { ActionId } from "../../../src/adapters/slack/blocks.js";
import { groundedAnswer, scriptedEngine } from "../../fakes/engine.js";
import { buttonClickForm, commandForm } from "../../fakes/slack-requests.js";
import { type Harness, startHarness, visibleText } from "./harness.js";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const FORM = "application/x-www-form-urlencoded";
const buttonsOf = (body: Record<string, unknown>) =>
  ((body.blocks ?? []) as types.KnownBlock[]).flatMap((block) => (block.type === "actions" ? (block.elements as types.Button[]) : []));

async function ask(h: Harness, text: string, responseId = "cmd1", command = "/ask") {
  const result = await h.post(commandForm({ command, text, responseUrl: h.fake.responseUrl(responseId) }), FORM);
  expect(result.status).toBe(200);
  return h.fake.waitForResponsePost((post) => post.path === `/response/${responseId}`);
}

describe("Slack /ask", () => {
  it("acks the command before the answer is posted to response_url", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const engine = scriptedEngine({
      reply: async (q) => {
        await gate;
        return groundedAnswer(q);
      },
    });
    harness = await startHarness({ engine });
    const acked = await harness.post(commandForm({ command: "/ask", text: "Is Django fast?", responseUrl: harness.fake.responseUrl("gated") }), FORM);
    // The engine is still held at the gate, so the 200 cannot have waited for the answer.
    expect(acked).toEqual({ status: 200, body: "" });
    expect(engine.calls).toHaveLength(1);
    expect(harness.fake.responsePosts).toEqual([]);
    release();
    const answer = await harness.fake.waitForResponsePost();
    expect(visibleText(answer.body)).toContain("Web frameworks add layers");
  });

  it("answers privately, with a Post to channel button", async () => {
    harness = await startHarness();
    const answer = await ask(harness, "Is Django fast?");
    expect(answer.body.response_type).toBe("ephemeral");
    expect(buttonsOf(answer.body).map((b) => b.action_id)).toEqual([ActionId.FeedbackUp, ActionId.FeedbackDown, ActionId.PostToChannel]);
  });

  it("shows usage when asked nothing", async () => {
    const engine = scriptedEngine();
    harness = await startHarness({ engine });
    const answer = await ask(harness, "   ");
    expect(answer.body.response_type).toBe("ephemeral");
    expect(String(answer.body.text)).toContain("Usage: `/ask &lt;question&gt;`");
    expect(engine.calls).toEqual([]);
  });

  it("lists the documents the corpus covers for `help`", async () => {
    const engine = scriptedEngine({ topics: [{ title: "How Scalable is Django", url: "/django", sections: [] }, { title: "Lightning-fast Backends", url: "/fast", sections: [] }] });
    harness = await startHarness({ engine });
    const answer = await ask(harness, "help");
    expect(String(answer.body.text)).toContain("How Scalable is Django");
    expect(String(answer.body.text)).toContain("Lightning-fast Backends");
    expect(engine.calls).toEqual([]);
  });

  it("answers under the command name from SLACK_COMMAND", async () => {
    harness = await startHarness({ env: { SLACK_COMMAND: "/docs" } });
    const answer = await ask(harness, "", "cmd-docs", "/docs");
    expect(String(answer.body.text)).toContain("Usage: `/docs &lt;question&gt;`");
  });

  it("shows an apology with a reference id when the engine fails", async () => {
    harness = await startHarness({
      engine: scriptedEngine({
        reply: () => Promise.reject(new Error("boom")),
      }),
    });
    const answer = await ask(harness, "Is Django fast?");
    expect(answer.body.response_type).toBe("ephemeral");
    expect(String(answer.body.text)).toMatch(/Sorry.*E-[0-9A-F]{8}/s);
  });

  it("refuses politely in a channel outside SLACK_ALLOWED_CHANNELS", async () => {
    const engine = scriptedEngine();
    harness = await startHarness({ engine, env: { SLACK_ALLOWED_CHANNELS: "CALLOWED1" } });
    const answer = await ask(harness, "Is Django fast?");
    expect(String(answer.body.text)).toContain("not set up to answer in this channel");
    expect(engine.calls).toEqual([]);
  });

  it("answers in a group DM as in a DM, whatever SLACK_ALLOWED_CHANNELS says", async () => {
    const engine = scriptedEngine();
    harness = await startHarness({ engine, env: { SLACK_ALLOWED_CHANNELS: "CALLOWED1" } });
    const form = commandForm({ command: "/ask", text: "Is Django fast?", responseUrl: harness.fake.responseUrl("mpdm"), channel: "G0000007", channelName: "mpdm-ann--bob-1" });
    expect((await harness.post(form, FORM)).status).toBe(200);
    const answer = await harness.fake.waitForResponsePost((post) => post.path === "/response/mpdm");
    expect(visibleText(answer.body)).toContain("Web frameworks add layers");
    expect(engine.calls).toHaveLength(1);
  });
});

describe("Slack Post to channel", () => {
  async function askAndGetAnswerId(h: Harness): Promise<string> {
    const answer = await ask(h, "Is Django <!channel> fast?", "private");
    const post = buttonsOf(answer.body).find((b) => b.action_id === ActionId.PostToChannel);
    expect(post?.value).toBeDefined();
    return String(post?.value);
  }

  it("posts the answer, with its question, for everyone and removes the private copy", async () => {
    harness = await startHarness();
    const answerId = await askAndGetAnswerId(harness);
    const click = await harness.post(buttonClickForm({ actionId: ActionId.PostToChannel, value: answerId, responseUrl: harness.fake.responseUrl("click"), ephemeral: true }), FORM);
    expect(click.status).toBe(200);
    const posted = await harness.fake.waitForCall("chat.postMessage");
    expect(posted.args.channel).toBe("C0000001");
    const shown = visibleText(posted.args);
    expect(shown).toContain("Web frameworks add layers");
    expect(shown).toContain("Q: Is Django @\u2060channel fast?");
    expect(shown).not.toMatch(/<!channel/);
    const cleanup = await harness.fake.waitForResponsePost((p) => p.path === "/response/click");
    expect(cleanup.body).toEqual({ delete_original: true });
  });

  it("explains how to invite the bot when it is not in the channel", async () => {
    harness = await startHarness();
    const answerId = await askAndGetAnswerId(harness);
    harness.fake.failNext("chat.postMessage", { body: { ok: false, error: "not_in_channel" } });
    await harness.post(buttonClickForm({ actionId: ActionId.PostToChannel, value: answerId, responseUrl: harness.fake.responseUrl("click"), ephemeral: true }), FORM);
    const notice = await harness.fake.waitForResponsePost((p) => p.path === "/response/click");
    expect(notice.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(String(notice.body.text)).toContain("/invite");
  });

  it("says so when the answer is no longer remembered", async () => {
    harness = await startHarness();
    await harness.post(buttonClickForm({ actionId: ActionId.PostToChannel, value: "forgotten", responseUrl: harness.fake.responseUrl("click"), ephemeral: true }), FORM);
    const notice = await harness.fake.waitForResponsePost((p) => p.path === "/response/click");
    expect(String(notice.body.text)).toContain("too old");
    expect(harness.fake.callsTo("chat.postMessage")).toEqual([]);
  });
});

