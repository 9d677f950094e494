import { describe, expect, it } from "vitest";
import type { Answer } from "../../src/engine/answer.js";
import { createQuestionRecorder, questionEntry } from "../../src/knowledge/question-recorder.js";
import { sectionContentHash, sectionHashesOf } from "../../src/knowledge/section-hashes.js";
import type { NewQuestion, QuestionLog } from "../../src/store/questions.js";
import { paragraphChunk } from "../helpers/chunks.js";

const chunk = paragraphChunk({ id: "c1", source: "deploy.md", title: "Deploying", section: "Deploying › Steps", url: "/deploy#steps" }, "Run the deploy script.");
const sections = sectionHashesOf("gen-1-abc", [chunk]);
const askedBy = { platform: "slack" as const, channelId: "C1", userId: "U1" };

function answer(overrides: Partial<Answer> = {}): Answer {
  const citation = { id: 1, chunkId: "c1", source: "deploy.md", title: "Deploying", section: "Deploying › Steps", url: "/deploy#steps", score: 0.61, quote: "Run the deploy script." };
  return {
    question: "how do we deploy?",
    answer: "Run the deploy script. [1] [2]",
    grounded: true,
    citations: [citation, { ...citation, id: 2, score: 0.4 }],
    timings: { embedMs: 1, retrieveMs: 2, composeMs: 3, totalMs: 6.4 },
    generator: "extractive",
    related: [],
    understoodAs: "how do we deploy",
    ...overrides,
  };
}

function recordingLog(fail = false): QuestionLog & { entries: NewQuestion[] } {
  const entries: NewQuestion[] = [];
  return {
    entries,
    async record(entry) {
      if (fail) throw new Error("database is locked");
      entries.push(entry);
      return { id: "q1", platform: entry.platform, channelId: entry.channelId, userHash: "h", question: entry.question, grounded: entry.grounded, cited: entry.cited, latencyMs: entry.latencyMs, at: "2025-01-01T00:00:00.000Z" };
    },
    list: async () => [],
    get: async () => undefined,
  };
}

describe("questions log recorder", () => {
  it("records the question as asked and as understood, each cited section once with its content hash, and the generation", () => {
    expect(questionEntry({ askedBy, question: "how do we deploy?", answer: answer(), answerId: "a1", documentSet: "eng" }, sections)).toEqual({
      answerId: "a1",
      platform: "slack",
      channelId: "C1",
      userId: "U1",
      question: "how do we deploy?",
      understoodAs: "how do we deploy",
      grounded: true,
      cited: [{ chunkId: "c1", source: "deploy.md", title: "Deploying", section: "Deploying › Steps", contentHash: sectionContentHash(chunk) }],
      topScore: 0.61,
      latencyMs: 6,
      generation: "gen-1-abc",
      documentSet: "eng",
    });
  });

  it("records a refusal with the engine's reason", () => {
    const entry = questionEntry({ askedBy, question: "what about k8s?", answer: answer({ grounded: false, citations: [], refusal: "unknown-name" }), latencyMs: 950 }, sections);
    expect(entry).toMatchObject({ grounded: false, refusal: "unknown-name", cited: [], latencyMs: 950 });
    expect(entry).not.toHaveProperty("topScore");
  });

  it("records nothing when QUESTION_LOG is off", async () => {
    const log = recordingLog();
    const recorder = createQuestionRecorder({ log, enabled: false, sections: () => sections });
    expect(await recorder.record({ askedBy, question: "how do we deploy?", answer: answer() })).toBeUndefined();
    expect(log.entries).toEqual([]);
  });

  it("never fails the answer when the log cannot be written", async () => {
    const recorder = createQuestionRecorder({ log: recordingLog(true), enabled: true, sections: () => sections });
    await expect(recorder.record({ askedBy, question: "how do we deploy?", answer: answer() })).resolves.toBeUndefined();
  });
});
