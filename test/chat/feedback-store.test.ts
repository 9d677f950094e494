import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { feedbackFile, openFeedbackStore } from "../../src/chat/feedback-store.js";

const entry = (verdict: "up" | "down", question = "is Django scalable?") => ({
  answerId: "a1",
  platform: "slack" as const,
  verdict,
  question,
  answer: "Django scales [1].",
  citations: [{ id: 1, title: "How Scalable…", section: "Existing Applications", url: "/x#y" }],
  userId: "U1",
  channelId: "C1",
});

describe("feedback store", () => {
  const dirs: string[] = [];
  const tempFile = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "citebot-feedback-"));
    dirs.push(dir);
    return feedbackFile(dir);
  };
  afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it("keeps records across a re-open (a restart)", async () => {
    const file = tempFile();
    await openFeedbackStore(file).record(entry("up"));
    await openFeedbackStore(file).record(entry("down", "and Rails?"));
    const records = await openFeedbackStore(file).all();
    expect(records.map((record) => record.verdict)).toEqual(["up", "down"]);
    expect(records[1]?.question).toBe("and Rails?");
    expect(Date.parse(records[0]?.at ?? "")).not.toBeNaN();
  });

  it("stays readable after a crash tore the last line, losing only that record", async () => {
    const file = tempFile();
    const store = openFeedbackStore(file);
    await store.record(entry("up"));
    fs.appendFileSync(file, '{"answerId":"a2","platform":"sla');
    await store.record(entry("down"));
    const records = await openFeedbackStore(file).all();
    expect(records.map((record) => record.verdict)).toEqual(["up", "down"]);
  });

  it("serialises concurrent writes into whole lines", async () => {
    const file = tempFile();
    const store = openFeedbackStore(file);
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.record(entry(i % 2 ? "up" : "down", `q${i}`))));
    expect(await store.all()).toHaveLength(50);
  });

  it("reads an absent store as empty", async () => {
    expect(await openFeedbackStore(tempFile()).all()).toEqual([]);
  });
});
