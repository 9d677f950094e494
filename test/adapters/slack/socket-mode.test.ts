import { afterEach, describe, expect, it } from "vitest";
import { FAKE_BOT_USER } from "../../fakes/slack.js";
import { eventEnvelope, mentionEvent } from "../../fakes/slack-requests.js";
import { APP_TOKEN, type Harness, startHarness, visibleText } from "./harness.js";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe("Slack adapter in Socket Mode", () => {
  it("connects with the app token when SLACK_APP_TOKEN is set", async () => {
    harness = await startHarness({ mode: "socket" });
    expect(harness.adapter.mode).toBe("socket");
    const open = await harness.fake.waitForCall("apps.connections.open");
    expect(open.authorization).toBe(`Bearer ${APP_TOKEN}`);
  });

  it("acks an event envelope and replies in the mention's thread", async () => {
    harness = await startHarness({ mode: "socket" });
    const event = mentionEvent({ text: `<@${FAKE_BOT_USER}> Is Django fast?` });
    const ack = await harness.fake.socket.send({ type: "events_api", envelope_id: "env-mention", accepts_response_payload: false, retry_attempt: 0, retry_reason: "", payload: eventEnvelope(event) });
    expect(ack.envelope_id).toBe("env-mention");
    const post = await harness.fake.waitForCall("chat.postMessage");
    expect(post.args.thread_ts).toBe(event.ts);
    expect(visibleText(post.args)).toContain("Web frameworks add layers");
  });

  it("acks /ask at once and answers privately through response_url", async () => {
    harness = await startHarness({ mode: "socket" });
    const ack = await harness.fake.socket.send({
      type: "slash_commands",
      envelope_id: "env-ask",
      accepts_response_payload: true,
      payload: { token: "x", team_id: "T0000001", channel_id: "C0000001", user_id: "U_HUMAN", command: "/ask", text: "Is Django fast?", api_app_id: "A0000001", response_url: harness.fake.responseUrl("sock"), trigger_id: "t.1" },
    });
    expect(ack.envelope_id).toBe("env-ask");
    const answer = await harness.fake.waitForResponsePost((p) => p.path === "/response/sock");
    expect(answer.body.response_type).toBe("ephemeral");
    expect(visibleText(answer.body)).toContain("Web frameworks add layers");
  });
});

describe("Slack adapter in Socket Mode: bodies of the wrong shape", () => {
  it.each([
    ["a null body", null],
    ["an envelope whose event is a string", { ...eventEnvelope({}), event: "a string" }],
    ["an event whose channel is null", eventEnvelope({ ...mentionEvent({ text: `<@${FAKE_BOT_USER}> hi` }), channel: null })],
  ])("acks %s so Slack does not resend it, logs why, and keeps answering", async (_name, payload) => {
    harness = await startHarness({ mode: "socket" });
    const ack = await harness.fake.socket.send({ type: "events_api", envelope_id: "env-bad", accepts_response_payload: false, retry_attempt: 0, retry_reason: "", payload });
    expect(ack.envelope_id).toBe("env-bad");
    await harness.logs.waitFor((record) => record.msg === "refused a Slack request");
    const event = mentionEvent({ text: `<@${FAKE_BOT_USER}> Is Django fast?` });
    await harness.sendEvent(event);
    const post = await harness.fake.waitForCall("chat.postMessage", (call) => call.args.thread_ts === event.ts);
    expect(visibleText(post.args)).toContain("Web frameworks add layers");
  });
});
