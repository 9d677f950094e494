import { afterEach, describe, expect, it } from "vitest";
import { createConversation } from "../../src/chat/conversation.js";
import type { IncomingMessage } from "../../src/chat/incoming-message.js";
import { createJobIntake, type Deliver, startJobWorker } from "../../src/chat/jobs.js";
import type { Reply } from "../../src/chat/reply.js";
import { silentLogger } from "../../src/logger.js";
import type { AnswerJobPayload } from "../../src/store/job-payloads.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";
import { scriptedEngine } from "../fakes/engine.js";
import { makeTempDir } from "../helpers/temp-dir.js";

const TAKEOVER_MS = 60_000;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A store on a clock the test moves, so "the owner's time is up" needs no sleeping. */
async function storeOnClock() {
  let time = Date.now();
  const dir = await makeTempDir("jobs");
  const store: Store = await openStore({ dataDir: dir.path, now: () => time });
  cleanups.push(dir.remove, () => store.close());
  return { store, now: () => time, advance: (ms: number) => void (time += ms) };
}

const message: IncomingMessage = { platform: "slack", userId: "U1", channelId: "C1", threadKey: "C1:slash:t1", text: "is Django scalable?", isDirect: false };
const payload = (now: number): AnswerJobPayload => ({ message, target: { kind: "slack_response_url", responseUrl: "http://127.0.0.1:9/response/x", channelId: "C1", replaceOriginal: false }, receivedAt: now });

function workerOn(store: Store, deliverers: Record<string, Deliver>) {
  const conversation = createConversation({ engine: scriptedEngine(), logger: silentLogger(), state: store });
  // A long poll: the test drives runOnce itself.
  const worker = startJobWorker({ jobs: store.jobs, conversation, deliverers, logger: silentLogger() }, { pollMs: 3_600_000, leaseMs: 30_000 });
  cleanups.push(() => worker.stop());
  return worker;
}

const recorder = () => {
  const delivered: Reply[] = [];
  const deliver: Deliver = async (_target, reply) => void delivered.push(reply);
  return { delivered, deliver };
};

describe("durable jobs", () => {
  it("leaves a question its owner answered alone", async () => {
    const { store, now, advance } = await storeOnClock();
    const markDelivered = await createJobIntake(store.jobs, TAKEOVER_MS, silentLogger(), now).accept("slack:command:t1", payload(now()));
    await markDelivered();
    advance(TAKEOVER_MS + 1);
    const { delivered, deliver } = recorder();
    await workerOn(store, { slack_response_url: deliver }).runOnce();
    expect(delivered).toEqual([]);
  });

  it("does not take a question over while its owner's time lasts", async () => {
    const { store, now } = await storeOnClock();
    await createJobIntake(store.jobs, TAKEOVER_MS, silentLogger(), now).accept("slack:command:t1", payload(now()));
    const { delivered, deliver } = recorder();
    expect(await workerOn(store, { slack_response_url: deliver }).runOnce()).toBe(0);
    expect(delivered).toEqual([]);
  });

  it("answers a question its owner never delivered, once, after the owner's time is up", async () => {
    const { store, now, advance } = await storeOnClock();
    await createJobIntake(store.jobs, TAKEOVER_MS, silentLogger(), now).accept("slack:command:t1", payload(now()));
    advance(TAKEOVER_MS + 1);
    const { delivered, deliver } = recorder();
    const worker = workerOn(store, { slack_response_url: deliver });
    const runs = [await worker.runOnce(), await worker.runOnce()];
    expect({ runs, kinds: delivered.map((reply) => reply.kind), job: (await store.jobs.get("slack:command:t1"))?.state }).toEqual({ runs: [1, 0], kinds: ["answer"], job: "done" });
  });

  it("records a question accepted twice (a retried request) once", async () => {
    const { store, now } = await storeOnClock();
    const intake = createJobIntake(store.jobs, TAKEOVER_MS, silentLogger(), now);
    await intake.accept("slack:command:t1", payload(now()));
    await intake.accept("slack:command:t1", payload(now()));
    expect(await store.jobs.counts()).toEqual({ queued: 1, running: 0, done: 0, failed: 0 });
  });

  it("puts a job back when delivering it failed, for a later attempt", async () => {
    const { store, now, advance } = await storeOnClock();
    await createJobIntake(store.jobs, TAKEOVER_MS, silentLogger(), now).accept("slack:command:t1", payload(now()));
    advance(TAKEOVER_MS + 1);
    await workerOn(store, { slack_response_url: () => Promise.reject(new Error("Slack is down")) }).runOnce();
    expect((await store.jobs.get("slack:command:t1"))?.state).toBe("queued");
  });

  it("still answers here when the store cannot record the question", async () => {
    const { store, now } = await storeOnClock();
    await store.close();
    const markDelivered = await createJobIntake(store.jobs, TAKEOVER_MS, silentLogger(), now).accept("slack:command:t1", payload(now()));
    await expect(markDelivered()).resolves.toBeUndefined();
  });
});
