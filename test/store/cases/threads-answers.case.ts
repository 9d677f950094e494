import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../../src/errors.js";
import { answer, message, type StoreHarness } from "../harness.js";

const DAY = 24 * 60 * 60 * 1_000;

export function threadAndAnswerCases(h: StoreHarness): void {
  describe("threads", () => {
    it("remembers a thread's turns after a restart, oldest first, with the chunks they cited", async () => {
      const location = await h.place();
      const before = await h.open(location);
      await before.threads.append("slack:C1:1.1", { question: "how do we deploy?", answer: "Run the script. [1]", cited: ["deploy.md#0"] });
      await before.threads.append("slack:C1:1.1", { question: "how do we deploy to staging?" });
      await before.close();
      const after = await h.open(location);
      expect(await after.threads.recent("slack:C1:1.1", 4)).toEqual([
        { question: "how do we deploy?", answer: "Run the script. [1]", cited: ["deploy.md#0"] },
        { question: "how do we deploy to staging?" },
      ]);
      expect(await after.threads.isActive("slack:C1:1.1")).toBe(true);
    });

    it("understands a follow-up that another replica answered", async () => {
      const location = await h.place();
      const replicaA = await h.open(location);
      const replicaB = await h.open(location);
      await replicaA.threads.append("discord:42", { question: "what is the on-call rota?", answer: "Weekly. [1]", cited: ["oncall.md#1"] });
      expect(await replicaB.threads.isActive("discord:42")).toBe(true);
      expect(await replicaB.threads.recent("discord:42", 4)).toHaveLength(1);
    });

    it("returns the newest `limit` turns", async () => {
      const store = await h.open();
      for (const n of [1, 2, 3, 4, 5]) await store.threads.append("t", { question: `q${n}` });
      expect((await store.threads.recent("t", 2)).map((turn) => turn.question)).toEqual(["q4", "q5"]);
    });

    it("keeps only THREAD_TURNS_KEPT turns per thread", async () => {
      const location = await h.place();
      const store = await h.open(location, { threadTurnsKept: 3 });
      for (const n of [1, 2, 3, 4, 5]) await store.threads.append("t", { question: `q${n}` });
      await store.threads.append("other", { question: "kept" });
      const raw = await h.raw(location);
      expect(await h.count(raw, "thread_turns")).toBe(4);
      expect((await store.threads.recent("t", 10)).map((turn) => turn.question)).toEqual(["q3", "q4", "q5"]);
    });

    it("keeps threads apart", async () => {
      const store = await h.open();
      await store.threads.append("a", { question: "in a" });
      expect(await store.threads.recent("b", 4)).toEqual([]);
      expect(await store.threads.isActive("b")).toBe(false);
    });

    it("forgets a thread once THREAD_RETENTION_DAYS have passed", async () => {
      const store = await h.open(undefined, { threadRetentionDays: 7 });
      await store.threads.append("t", { question: "old" });
      h.clock.advance(7 * DAY + 1);
      expect(await store.threads.isActive("t")).toBe(false);
      expect(await store.threads.recent("t", 4)).toEqual([]);
    });
  });

  describe("answers behind buttons", () => {
    it("recalls an answer and the message it answered from another replica", async () => {
      const location = await h.place();
      const replicaA = await h.open(location);
      const replicaB = await h.open(location);
      await replicaA.answers.save("ans1", answer({ verdict: "yes", understoodAs: "how do we deploy?" }), message());
      expect(await replicaB.answers.recall("ans1")).toEqual({ answer: answer({ verdict: "yes", understoodAs: "how do we deploy?" }), message: message() });
    });

    it("recalls nothing for an unknown answer id", async () => {
      const store = await h.open();
      expect(await store.answers.recall("nope")).toBeUndefined();
    });

    it("stops recalling an answer after ANSWER_RETENTION_DAYS", async () => {
      const store = await h.open(undefined, { answerRetentionDays: 2 });
      await store.answers.save("ans1", answer(), message());
      h.clock.advance(2 * DAY - 1);
      expect(await store.answers.recall("ans1")).toBeDefined();
      h.clock.advance(2);
      expect(await store.answers.recall("ans1")).toBeUndefined();
    });

    it("reports a row that no longer matches its schema as store_failed, naming it", async () => {
      const location = await h.place();
      const store = await h.open(location);
      await store.answers.save("ans1", answer(), message());
      const raw = await h.raw(location);
      await raw.db.updateTable("answers").set({ answer: JSON.stringify({ question: 3 }) }).where("answer_id", "=", "ans1").execute();
      await expect(store.answers.recall("ans1")).rejects.toMatchObject({ code: ErrorCode.StoreFailed, message: expect.stringContaining("the answer ans1") });
    });
  });
}
