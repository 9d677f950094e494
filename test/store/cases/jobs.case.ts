import { describe, expect, it } from "vitest";
import { SLACK_RESPONSE_URL_TTL_MS } from "../../../src/store/job-payloads.js";
import { answerJob, type StoreHarness } from "../harness.js";

const LEASE = 30_000;

export function jobCases(h: StoreHarness): void {
  describe("jobs", () => {
    const open = (extra = {}) => h.open(undefined, { jobLeaseMs: LEASE, jobMaxAttempts: 3, ...extra });

    it("hands a queued job to one claimer only", async () => {
      const store = await open();
      const { job, created } = await store.jobs.enqueue(answerJob(h.clock));
      expect(created).toBe(true);
      const claimed = await store.jobs.claim("worker-1");
      expect(claimed).toMatchObject({ id: job.id, state: "running", attempts: 1, step: "post", payload: job.payload });
      expect(await store.jobs.claim("worker-2")).toBeUndefined();
    });

    it("finds the existing job when the same event is enqueued again", async () => {
      const store = await open();
      const first = await store.jobs.enqueue(answerJob(h.clock, undefined, "slack:event:Ev1"));
      const again = await store.jobs.enqueue(answerJob(h.clock, undefined, "slack:event:Ev1"));
      expect(again).toEqual({ job: first.job, created: false });
      expect((await store.jobs.counts()).queued).toBe(1);
    });

    it("claims the oldest due job first and holds back one scheduled for later", async () => {
      const store = await open();
      const later = await store.jobs.enqueue({ ...answerJob(h.clock), runAfter: h.clock.now() + 10_000 });
      const first = await store.jobs.enqueue(answerJob(h.clock));
      h.clock.advance(1);
      const second = await store.jobs.enqueue(answerJob(h.clock));
      expect((await store.jobs.claim("w"))?.id).toBe(first.job.id);
      expect((await store.jobs.claim("w"))?.id).toBe(second.job.id);
      expect(await store.jobs.claim("w")).toBeUndefined();
      h.clock.advance(10_000);
      expect((await store.jobs.claim("w"))?.id).toBe(later.job.id);
    });

    it("never runs a completed job again", async () => {
      const store = await open();
      await store.jobs.enqueue(answerJob(h.clock));
      const claimed = await store.jobs.claim("w");
      expect(await store.jobs.complete(claimed!.lease)).toBe(true);
      h.clock.advance(10 * LEASE);
      expect(await store.jobs.claim("w")).toBeUndefined();
      expect((await store.jobs.get(claimed!.id))?.state).toBe("done");
    });

    it("gives a job whose lease ran out (its worker died) to the next claimer, and fences the old worker out", async () => {
      const store = await open();
      await store.jobs.enqueue(answerJob(h.clock));
      const dead = await store.jobs.claim("worker-killed");
      h.clock.advance(LEASE);
      const taken = await store.jobs.claim("worker-alive");
      expect(taken).toMatchObject({ id: dead!.id, attempts: 2, step: "post" });
      expect(await store.jobs.complete(dead!.lease)).toBe(false);
      expect(await store.jobs.startDelivery(dead!.lease)).toBe(false);
      expect(await store.jobs.extend(dead!.lease)).toBe(false);
      expect(await store.jobs.complete(taken!.lease)).toBe(true);
    });

    it("keeps a job from other claimers while its worker extends the lease", async () => {
      const store = await open();
      await store.jobs.enqueue(answerJob(h.clock));
      const claimed = await store.jobs.claim("w1");
      h.clock.advance(LEASE - 1);
      expect(await store.jobs.extend(claimed!.lease)).toBe(true);
      h.clock.advance(LEASE - 1);
      expect(await store.jobs.claim("w2")).toBeUndefined();
      h.clock.advance(1);
      expect((await store.jobs.claim("w2"))?.id).toBe(claimed!.id);
    });

    it("refuses to start posting once the lease has run out", async () => {
      const store = await open();
      await store.jobs.enqueue(answerJob(h.clock));
      const claimed = await store.jobs.claim("w");
      h.clock.advance(LEASE);
      expect(await store.jobs.startDelivery(claimed!.lease)).toBe(false);
    });

    it("never re-runs a job delivered before its worker died, and the sweep completes it", async () => {
      const store = await open();
      await store.jobs.enqueue(answerJob(h.clock));
      const claimed = await store.jobs.claim("w");
      expect(await store.jobs.startDelivery(claimed!.lease)).toBe(true);
      expect(await store.jobs.markDelivered(claimed!.id, "1700000001.000200")).toBe(true);
      h.clock.advance(LEASE);
      expect(await store.jobs.claim("w2")).toBeUndefined();
      expect((await store.jobs.sweep()).completed).toEqual([claimed!.id]);
      expect(await store.jobs.get(claimed!.id)).toMatchObject({ state: "done", delivery: { state: "delivered", handle: "1700000001.000200" } });
    });

    it("tells the next claimer what an attempt that died while posting recorded", async () => {
      const store = await open();
      const slack = await store.jobs.enqueue(answerJob(h.clock));
      h.clock.advance(1);
      const discord = await store.jobs.enqueue(answerJob(h.clock, { kind: "discord_message", channelId: "D1" }));
      h.clock.advance(1);
      const edited = await store.jobs.enqueue(answerJob(h.clock, { kind: "slack_message", channelId: "C2" }));
      for (const [job, handle] of [[slack.job, undefined], [discord.job, undefined], [edited.job, "1700000002.000300"]] as const) {
        const claimed = await store.jobs.claim("w");
        expect(claimed?.id).toBe(job.id);
        expect(await store.jobs.startDelivery(claimed!.lease, handle)).toBe(true);
      }
      h.clock.advance(LEASE);
      const steps = new Map<string, string>();
      for (let n = 0; n < 3; n += 1) {
        const claimed = await store.jobs.claim("w2");
        steps.set(claimed!.id, claimed!.step);
      }
      expect(steps.get(slack.job.id)).toBe("verify");
      expect(steps.get(discord.job.id)).toBe("post");
      expect(steps.get(edited.job.id)).toBe("edit");
    });

    it("retries a failed job after the delay and fails it for good on the last attempt", async () => {
      const store = await open({ jobMaxAttempts: 2 });
      await store.jobs.enqueue(answerJob(h.clock));
      const first = await store.jobs.claim("w");
      expect(await store.jobs.fail(first!.lease, "engine timeout", { retryInMs: 5_000 })).toBe("queued");
      expect(await store.jobs.claim("w")).toBeUndefined();
      h.clock.advance(5_000);
      const second = await store.jobs.claim("w");
      expect(second?.attempts).toBe(2);
      expect(await store.jobs.fail(second!.lease, "engine timeout again")).toBe("failed");
      expect(await store.jobs.get(second!.id)).toMatchObject({ state: "failed", lastError: "engine timeout again" });
      expect(await store.jobs.fail(second!.lease, "twice")).toBe("lost");
    });

    it("does not run a job whose reply window closed; the sweep marks it expired", async () => {
      const store = await open();
      const { job } = await store.jobs.enqueue(answerJob(h.clock, { kind: "slack_response_url", responseUrl: "https://hooks.slack.test/commands/1", channelId: "C1", replaceOriginal: false }));
      expect(job.deliverBy).toBe(h.clock.now() + SLACK_RESPONSE_URL_TTL_MS);
      h.clock.advance(SLACK_RESPONSE_URL_TTL_MS);
      expect(await store.jobs.claim("w")).toBeUndefined();
      expect((await store.jobs.sweep()).expired).toEqual([job.id]);
      expect((await store.jobs.get(job.id))?.state).toBe("failed");
    });

    it("gives up a job whose every attempt died, once, in the sweep", async () => {
      const store = await open({ jobMaxAttempts: 2 });
      const { job } = await store.jobs.enqueue(answerJob(h.clock));
      await store.jobs.claim("w1");
      h.clock.advance(LEASE);
      await store.jobs.claim("w2");
      h.clock.advance(LEASE);
      expect(await store.jobs.claim("w3")).toBeUndefined();
      expect((await store.jobs.sweep()).gaveUp).toEqual([job.id]);
      expect((await store.jobs.sweep()).gaveUp).toEqual([]);
      expect(await store.jobs.get(job.id)).toMatchObject({ state: "failed", lastError: expect.stringMatching(/gave up/) });
    });
  });
}
