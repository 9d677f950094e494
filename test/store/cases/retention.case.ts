import { describe, expect, it } from "vitest";
import { FINISHED_JOB_RETENTION_MS } from "../../../src/store/retention.js";
import { answer, answerJob, message, type StoreHarness } from "../harness.js";
import { vote } from "./feedback.case.js";

const DAY = 24 * 60 * 60 * 1_000;

export function retentionCases(h: StoreHarness): void {
  describe("retention", () => {
    it("prunes what has expired and keeps the rest, feedback always", async () => {
      const location = await h.place();
      const store = await h.open(location, { threadRetentionDays: 30, answerRetentionDays: 10 });
      // Old: written now, then the clock moves on.
      await store.threads.append("old-thread", { question: "old" });
      await store.answers.save("old-answer", answer(), message());
      await store.events.claim("old-event", DAY);
      await store.feedback.record(vote());
      await store.jobs.enqueue(answerJob(h.clock));
      const done = await store.jobs.claim("w");
      await store.jobs.complete(done!.lease);
      await store.jobs.enqueue(answerJob(h.clock, { kind: "discord_message", channelId: "D1" }));
      h.clock.advance(30 * DAY);
      // Fresh: written after the move.
      await store.threads.append("new-thread", { question: "new" });
      await store.answers.save("new-answer", answer(), message());
      await store.events.claim("new-event", DAY);

      const report = await store.prune();
      expect(report).toMatchObject({ threadTurns: 1, answers: 1, handledEvents: 1, jobs: 1 });
      expect(30 * DAY).toBeGreaterThan(FINISHED_JOB_RETENTION_MS);
      const raw = await h.raw(location);
      expect(await h.count(raw, "thread_turns")).toBe(1);
      expect(await h.count(raw, "answers")).toBe(1);
      expect(await h.count(raw, "handled_events")).toBe(1);
      expect(await h.count(raw, "feedback")).toBe(1);
      // The queued job is nobody's finished business: it stays, still claimable.
      expect(await store.jobs.counts()).toMatchObject({ queued: 1, done: 0 });
      expect(await store.prune()).toMatchObject({ threadTurns: 0, answers: 0, handledEvents: 0, jobs: 0 });
    });
  });
}
