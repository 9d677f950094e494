import { describe, expect, it } from "vitest";
import type { NewEscalation } from "../../../src/store/escalations.js";
import type { NewQuestion } from "../../../src/store/questions.js";
import type { StoreHarness } from "../harness.js";

const DAY = 24 * 60 * 60 * 1_000;

export function asked(overrides: Partial<NewQuestion> = {}): NewQuestion {
  return {
    answerId: "ans1",
    platform: "slack",
    channelId: "C1",
    userId: "U0SECRET42",
    question: "how do we deploy?",
    understoodAs: "how do we deploy",
    grounded: true,
    cited: [{ chunkId: "deploy.md#0", source: "deploy.md", title: "Deploying", section: "Deploying › Steps", contentHash: "abc123" }],
    topScore: 0.82,
    latencyMs: 41,
    generation: "gen-1-aaaaaa",
    documentSet: "engineering",
    ...overrides,
  };
}

export function escalated(overrides: Partial<NewEscalation> = {}): NewEscalation {
  return { answerId: "ans1", platform: "slack", channelId: "C1", userId: "U0SECRET42", question: "how do we deploy?", expertChannelId: "CEXPERTS", ...overrides };
}

export function knowledgeCases(h: StoreHarness): void {
  describe("questions log", () => {
    it("records a question with its cited sections, and hashes the user id", async () => {
      const location = await h.place();
      const store = await h.open(location);
      const logged = await store.questions.record(asked());
      expect(logged).toMatchObject({ answerId: "ans1", platform: "slack", grounded: true, cited: asked().cited, topScore: 0.82, latencyMs: 41, generation: "gen-1-aaaaaa", documentSet: "engineering" });
      expect(logged.userHash).toBe(store.hashUserId("slack", "U0SECRET42"));
      expect(await store.questions.get(logged.id)).toEqual(logged);
      const raw = await h.raw(location);
      expect(JSON.stringify(await raw.db.selectFrom("questions").selectAll().execute())).not.toContain("U0SECRET42");
    });

    it("records a refusal with its reason and no optional fields it was not given", async () => {
      const store = await h.open();
      const logged = await store.questions.record({ platform: "cli", channelId: "terminal", userId: "me", question: "what about kubernetes?", grounded: false, refusal: "unknown-name", cited: [], latencyMs: 12 });
      expect(logged).toEqual({ id: logged.id, platform: "cli", channelId: "terminal", userHash: store.hashUserId("cli", "me"), question: "what about kubernetes?", grounded: false, refusal: "unknown-name", cited: [], latencyMs: 12, at: logged.at });
    });

    it("lists oldest first, by time, outcome, platform and answer id, and the newest few", async () => {
      const store = await h.open();
      await store.questions.record(asked({ answerId: "a", at: "2025-03-01T10:00:00.000Z" }));
      await store.questions.record(asked({ answerId: "b", grounded: false, cited: [], platform: "discord", at: "2025-03-02T10:00:00.000Z" }));
      await store.questions.record(asked({ answerId: "c", at: "2025-03-03T10:00:00.000Z" }));
      const ids = (list: { answerId?: string }[]) => list.map((entry) => entry.answerId);
      expect(ids(await store.questions.list())).toEqual(["a", "b", "c"]);
      expect(ids(await store.questions.list({ since: new Date("2025-03-02T00:00:00Z") }))).toEqual(["b", "c"]);
      expect(ids(await store.questions.list({ grounded: false }))).toEqual(["b"]);
      expect(ids(await store.questions.list({ platform: "slack" }))).toEqual(["a", "c"]);
      expect(ids(await store.questions.list({ answerIds: ["c", "a", "zzz"] }))).toEqual(["a", "c"]);
      expect(ids(await store.questions.list({ limit: 2 }))).toEqual(["b", "c"]);
    });
  });

  describe("escalations", () => {
    it("opens one escalation per answer, however often the button is clicked", async () => {
      const location = await h.place();
      const replicaA = await h.open(location);
      const replicaB = await h.open(location);
      const clicks = await Promise.all([replicaA.escalations.open(escalated()), replicaB.escalations.open(escalated()), replicaA.escalations.open(escalated())]);
      expect(clicks.filter((click) => click.created)).toHaveLength(1);
      expect(new Set(clicks.map((click) => click.escalation.id)).size).toBe(1);
      expect(clicks[0]?.escalation).toMatchObject({ answerId: "ans1", question: "how do we deploy?", expertChannelId: "CEXPERTS", requesterHash: replicaA.hashUserId("slack", "U0SECRET42"), replies: [] });
      expect(JSON.stringify(await (await h.raw(location)).db.selectFrom("escalations").selectAll().execute())).not.toContain("U0SECRET42");
    });

    it("records an expert's reply under the expert post, linked to the question", async () => {
      const store = await h.open();
      const question = await store.questions.record(asked());
      const { escalation } = await store.escalations.open(escalated({ questionId: question.id }));
      await store.escalations.posted(escalation.id, "1700000000.000200");
      const replied = await store.escalations.recordReply({ platform: "slack", expertChannelId: "CEXPERTS", expertMessageId: "1700000000.000200", userId: "UEXPERT", text: "Use the blue-green script." });
      expect(replied).toMatchObject({ id: escalation.id, questionId: question.id, expertMessageId: "1700000000.000200", replies: [{ replierHash: store.hashUserId("slack", "UEXPERT"), text: "Use the blue-green script." }] });
      expect(await store.escalations.recordReply({ platform: "slack", expertChannelId: "CEXPERTS", expertMessageId: "1700000000.999999", userId: "UEXPERT", text: "unrelated" })).toBeUndefined();
    });

    it("lists escalations, answered or not", async () => {
      const store = await h.open();
      const { escalation: first } = await store.escalations.open(escalated({ answerId: "a" }));
      h.clock.advance(1_000);
      await store.escalations.open(escalated({ answerId: "b" }));
      await store.escalations.posted(first.id, "m1");
      await store.escalations.recordReply({ platform: "slack", expertChannelId: "CEXPERTS", expertMessageId: "m1", userId: "UEXPERT", text: "first" });
      await store.escalations.recordReply({ platform: "slack", expertChannelId: "CEXPERTS", expertMessageId: "m1", userId: "UEXPERT", text: "second" });
      expect((await store.escalations.list()).map((entry) => entry.answerId)).toEqual(["a", "b"]);
      expect((await store.escalations.list({ answered: true })).map((entry) => [entry.answerId, entry.replies.map((reply) => reply.text)])).toEqual([["a", ["first", "second"]]]);
      expect((await store.escalations.list({ answered: false })).map((entry) => entry.answerId)).toEqual(["b"]);
    });
  });

  describe("questions log retention", () => {
    it("deletes questions, escalations and their replies past QUESTION_LOG_RETENTION_DAYS, and keeps the rest", async () => {
      const location = await h.place();
      const store = await h.open(location, { questionRetentionDays: 7, answerRetentionDays: 365, threadRetentionDays: 365 });
      await store.questions.record(asked({ answerId: "old" }));
      const { escalation: old } = await store.escalations.open(escalated({ answerId: "old" }));
      await store.escalations.posted(old.id, "m-old");
      await store.escalations.recordReply({ platform: "slack", expertChannelId: "CEXPERTS", expertMessageId: "m-old", userId: "UEXPERT", text: "old reply" });
      h.clock.advance(6 * DAY);
      // A reply to the old escalation, after most of the week: it still goes with its escalation.
      await store.escalations.recordReply({ platform: "slack", expertChannelId: "CEXPERTS", expertMessageId: "m-old", userId: "UEXPERT", text: "late reply" });
      await store.questions.record(asked({ answerId: "recent" }));
      await store.escalations.open(escalated({ answerId: "recent" }));
      h.clock.advance(DAY);

      expect(await store.prune()).toMatchObject({ questions: 1, escalations: 1, expertReplies: 2 });
      expect((await store.questions.list()).map((entry) => entry.answerId)).toEqual(["recent"]);
      expect((await store.escalations.list()).map((entry) => entry.answerId)).toEqual(["recent"]);
      expect(await h.count(await h.raw(location), "expert_replies")).toBe(0);
      expect(await store.prune()).toMatchObject({ questions: 0, escalations: 0, expertReplies: 0 });
    });
  });
}
