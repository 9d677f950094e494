import type { types } from "@slack/bolt";
import { afterEach, describe, expect, it } from "vitest";
import { deliverToResponseUrl, threadReplyDeliverer } from "../../../src/adapters/slack/deliver-job.js";
import type { Reply } from "../../../src/chat/reply.js";
import { silentLogger } from "../../../src/logger.js";
import { groundedAnswer } from "../../fakes/engine.js";
import { type FakeSlack, startFakeSlack } from "../../fakes/slack.js";

// How a process delivers a question another process accepted and did not answer (src/chat/jobs.ts), against the
// loopback fake Slack.

let fake: FakeSlack | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const reply: Reply = { kind: "answer", answer: groundedAnswer("is Django scalable?"), answerId: "a1" };
const thread = { kind: "slack_message" as const, channelId: "C0000001", threadTs: "1700000000.000100" };

describe("delivering a taken-over Slack question", () => {
  it("posts the answer in the question's thread, marked with the job id", async () => {
    fake = await startFakeSlack();
    await threadReplyDeliverer({ botToken: "xoxb-1", apiUrl: fake.apiUrl }, silentLogger())(thread, reply, "slack:message:C0000001:1700000000.000100", silentLogger());
    const post = await fake.waitForCall("chat.postMessage");
    expect(post.args).toMatchObject({ channel: "C0000001", thread_ts: "1700000000.000100", metadata: { event_type: "citebot_answer", event_payload: { job_id: "slack:message:C0000001:1700000000.000100" } } });
  });

  it("does not post again when the thread already holds this job's answer (a crash after posting)", async () => {
    fake = await startFakeSlack();
    const deliver = threadReplyDeliverer({ botToken: "xoxb-1", apiUrl: fake.apiUrl }, silentLogger());
    await deliver(thread, reply, "job-1", silentLogger());
    await deliver(thread, reply, "job-1", silentLogger());
    await deliver(thread, reply, "job-2", silentLogger());
    expect(fake.callsTo("chat.postMessage").map((call) => (call.args.metadata as { event_payload: { job_id: string } }).event_payload.job_id)).toEqual(["job-1", "job-2"]);
  });

  it("answers a /ask through its response_url, privately, with Post to channel", async () => {
    fake = await startFakeSlack();
    const responseUrl = fake.responseUrl("taken-over");
    await deliverToResponseUrl({ kind: "slack_response_url", responseUrl, channelId: "C0000001", replaceOriginal: false }, reply, "slack:command:t1", silentLogger());
    const post = await fake.waitForResponsePost((candidate) => candidate.path === "/response/taken-over");
    const buttons = ((post.body.blocks ?? []) as types.KnownBlock[]).flatMap((block) => (block.type === "actions" ? (block.elements as types.Button[]) : []));
    expect({ type: post.body.response_type, postToChannel: buttons.some((button) => button.action_id === "citebot_post_to_channel") }).toEqual({ type: "ephemeral", postToChannel: true });
  });

  it("fails the attempt, so the job is retried, when the response_url cannot be reached", async () => {
    // Port 1 on loopback: nothing listens, the connection is refused.
    await expect(deliverToResponseUrl({ kind: "slack_response_url", responseUrl: "http://127.0.0.1:1/response/x", channelId: "C0000001", replaceOriginal: false }, reply, "j", silentLogger())).rejects.toThrow();
  });
});
