import fs from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { NewFeedback } from "../../../src/store/feedback.js";
import type { StoreHarness } from "../harness.js";

export function vote(overrides: Partial<NewFeedback> = {}): NewFeedback {
  return {
    answerId: "ans1",
    platform: "slack",
    verdict: "down",
    question: "how do we deploy?",
    answer: "Run the script. [1]",
    citations: [{ id: 1, title: "Deploying", section: "Steps", url: "/deploy#steps" }],
    userId: "U0SECRET42",
    channelId: "C1",
    ...overrides,
  };
}

/** Lines as src/chat/feedback-store.ts (since removed) wrote them, plus the torn last line a crash mid-append leaves. */
export function legacyFeedbackFile(count: number): string {
  const lines = Array.from({ length: count }, (_, n) => JSON.stringify({ ...vote({ answerId: `old${n}`, verdict: n % 2 ? "up" : "down" }), at: new Date(Date.UTC(2025, 0, 1 + n)).toISOString() }));
  return `${lines.join("\n")}\n{"answerId":"torn","platf`;
}

export function feedbackCases(h: StoreHarness): void {
  describe("feedback", () => {
    it("stores a keyed hash in place of the user id, never the raw id", async () => {
      const location = await h.place();
      const store = await h.open(location);
      const stored = await store.feedback.record(vote());
      expect(stored.userHash).toBe(store.hashUserId("slack", "U0SECRET42"));
      expect(stored.userHash).not.toContain("U0SECRET42");
      const raw = await h.raw(location);
      expect(JSON.stringify(await raw.db.selectFrom("feedback").selectAll().execute())).not.toContain("U0SECRET42");
    });

    it("hashes a user alike on every replica, and apart per platform", async () => {
      const location = await h.place();
      const replicaA = await h.open(location);
      const replicaB = await h.open(location);
      expect(replicaA.hashUserId("slack", "U1")).toBe(replicaB.hashUserId("slack", "U1"));
      expect(replicaA.hashUserId("slack", "U1")).not.toBe(replicaA.hashUserId("discord", "U1"));
    });

    it("lists feedback oldest first, by time and by platform", async () => {
      const store = await h.open();
      await store.feedback.record(vote({ answerId: "a", at: "2025-03-01T10:00:00.000Z" }));
      await store.feedback.record(vote({ answerId: "b", platform: "discord", at: "2025-03-02T10:00:00.000Z" }));
      await store.feedback.record(vote({ answerId: "c", at: "2025-03-03T10:00:00.000Z" }));
      expect((await store.feedback.list()).map((entry) => entry.answerId)).toEqual(["a", "b", "c"]);
      expect((await store.feedback.list({ since: new Date("2025-03-02T00:00:00Z") })).map((entry) => entry.answerId)).toEqual(["b", "c"]);
      expect((await store.feedback.list({ platform: "discord" })).map((entry) => entry.answerId)).toEqual(["b"]);
      expect((await store.feedback.list())[0]).toMatchObject({ verdict: "down", restored: false, at: "2025-03-01T10:00:00.000Z", citations: vote().citations });
    });

    it("imports DATA_DIR/feedback.jsonl on the first open only, skipping a torn line", async () => {
      const location = await h.place();
      const file = path.join(location.options.dataDir, "feedback.jsonl");
      await fs.writeFile(file, legacyFeedbackFile(3));
      const first = await h.open(location, { legacyFeedbackFile: file });
      expect(first.feedbackImport).toEqual({ status: "imported", imported: 3, skipped: 1 });
      const second = await h.open(location, { legacyFeedbackFile: file });
      expect(second.feedbackImport).toEqual({ status: "already_imported" });
      const listed = await second.feedback.list();
      expect(listed.map((entry) => entry.answerId)).toEqual(["old0", "old1", "old2"]);
      expect(listed[0]?.at).toBe("2025-01-01T00:00:00.000Z");
    });

    it("opens without a feedback.jsonl, and imports one that appears later", async () => {
      const location = await h.place();
      const file = path.join(location.options.dataDir, "feedback.jsonl");
      expect((await h.open(location, { legacyFeedbackFile: file })).feedbackImport).toEqual({ status: "no_file" });
      await fs.writeFile(file, legacyFeedbackFile(1));
      expect((await h.open(location, { legacyFeedbackFile: file })).feedbackImport).toMatchObject({ status: "imported", imported: 1 });
    });
  });
}
