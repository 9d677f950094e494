import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Chunk } from "../../src/corpus/document.js";
import type { Engine } from "../../src/engine/answer.js";
import { sectionContentHash } from "../../src/knowledge/section-hashes.js";
import { loadConfig } from "../../src/config.js";
import { silentLogger } from "../../src/logger.js";
import { checkAnswersAfterIngest } from "../../src/cli/stale-after-ingest.js";
import { checkStaleAnswersInStore } from "../../src/knowledge/stale/check-stale.js";
import { describeStaleReport, staleAlertMessage, staleHeadline } from "../../src/knowledge/stale/describe-stale.js";
import type { StaleReport } from "../../src/knowledge/stale/stale-report.js";
import { REAL_INDEX_TIMEOUT_MS } from "../helpers/real-corpus.js";
import { TINY_CORPUS } from "../helpers/tiny-corpus.js";
import { createKnowledgeWorld, type KnowledgeWorld } from "./world.js";

const BELL_ROCK = "how tall is the Bell Rock lighthouse?";
const TIDES = "why are there two high tides a day?";
const POMPEII = "what did Vesuvius bury?";

let world: KnowledgeWorld;
let report: StaleReport;
let before: StaleReport;
let firstChunks: Map<string, Chunk>;
let answers = 0;

/** Asks the engine of the current generation, logs it, and records `up` 👍 votes on the answer. */
async function ask(engine: Engine, question: string, up = 0): Promise<void> {
  const recorder = await world.recorder();
  const answer = await engine.answer(question);
  expect({ question, grounded: answer.grounded }).toEqual({ question, grounded: true });
  const answerId = `ans-${++answers}`;
  await recorder.record({ askedBy: { platform: "discord", channelId: "D1", userId: "U1" }, question, answer, answerId });
  for (let i = 0; i < up; i++) {
    await world.store.feedback.record({ answerId, platform: "discord", verdict: "up", question, answer: answer.answer, citations: [], userId: `U${i}`, channelId: "D1" });
  }
}

beforeAll(async () => {
  world = await createKnowledgeWorld({ ...TINY_CORPUS });
  const first = await world.current();
  firstChunks = new Map(first.index.chunks.map((chunk) => [chunk.id, chunk]));
  await ask(first.engine, BELL_ROCK, 2);
  await ask(first.engine, TIDES, 1);
  await ask(first.engine, POMPEII);
  await ask(first.engine, POMPEII);
  before = await checkStaleAnswersInStore({ store: world.store, sections: first.sections, engine: first.engine, replayMax: 20 });

  // The Bell Rock section is edited (the tower's height), and the tides document is deleted.
  await world.ingest({ "lighthouses.md": TINY_CORPUS["lighthouses.md"].replace("stands 35 metres tall", "stands 36 metres tall, lamp included,") }, ["tides.txt"]);
  const second = await world.current();
  expect(second.sections.generation).not.toBe(first.sections.generation);
  report = await checkStaleAnswersInStore({ store: world.store, sections: second.sections, engine: second.engine, replayMax: 20 });
}, REAL_INDEX_TIMEOUT_MS);

afterAll(() => world?.close());

describe("stale-answer check after an ingest", () => {
  it("logs each cited section with the hash of the text it had, and the generation that answered", async () => {
    const logged = await world.store.questions.list();
    const cited = logged.flatMap((question) => question.cited);
    expect(cited.length).toBeGreaterThanOrEqual(4);
    for (const section of cited) expect(section.contentHash).toBe(sectionContentHash(firstChunks.get(section.chunkId) ?? { text: "(not in the first generation)" }));
    expect(new Set(logged.map((question) => question.generation))).toEqual(new Set([before.generation]));
  });

  it("finds nothing stale before anything changed, and the replay holds", () => {
    expect(before.stale).toEqual([]);
    expect(before.replay.map((result) => result.outcome)).toEqual(["same", "same"]);
  });

  it("lists the answers citing the edited and the deleted section, 👍 first, and not the others", () => {
    expect(report.stale.map((answer) => [answer.question, answer.upVotes, answer.sections.map((section) => [section.section, section.state])])).toEqual([
      [BELL_ROCK, 2, [["Scottish Lighthouses › Bell Rock", "changed"]]],
      [TIDES, 1, [["Tides", "removed"]]],
    ]);
    expect(report.checkedAnswers).toBe(3);
    expect(staleHeadline(report)).toBe("2 answers cite sections that changed or disappeared.");
  });

  it("replays the 👍 answers and reports the one that changed beside the one that held", () => {
    const byQuestion = Object.fromEntries(report.replay.map((result) => [result.question, result]));
    expect(byQuestion[BELL_ROCK]).toMatchObject({ outcome: "same", after: [{ section: "Scottish Lighthouses › Bell Rock" }] });
    expect(byQuestion[TIDES]).toMatchObject({ outcome: "no-longer-grounded", before: [{ source: "tides.txt", section: "Tides" }] });
    expect(describeStaleReport(report)).toContain(`“${TIDES}” is no longer answered`);
  });

  it("turns the report into an admin alert, and stays quiet when nothing changed", () => {
    expect(staleAlertMessage(report)).toMatch(/^\*\*After the latest ingest:\*\* 2 answers cite sections that changed or disappeared\.\n• “how tall is the Bell Rock lighthouse\?” \(👍 2, asked 1×\): “Scottish Lighthouses › Bell Rock” changed/);
    expect(staleAlertMessage(before)).toBeUndefined();
  });

  it("hashes a section by its text alone", () => {
    expect(sectionContentHash({ text: "a" })).toBe(sectionContentHash({ text: "a" }));
    expect(sectionContentHash({ text: "a" })).not.toBe(sectionContentHash({ text: "b" }));
  });
});

describe("the check the ingest command runs", () => {
  it("prints the stale answers and the replay from the settings alone", async () => {
    const config = loadConfig({ CORPUS_DIR: world.corpusDir, INDEX_DIR: world.indexDir, DATA_DIR: world.dataDir });
    const { report: fromSettings, text } = await checkAnswersAfterIngest(config, silentLogger());
    expect(fromSettings?.stale.map((answer) => answer.question)).toEqual([BELL_ROCK, TIDES]);
    expect(text.split("\n")[0]).toBe("2 answers cite sections that changed or disappeared.");
    expect(text).toContain("👍 answers replayed against the new index: 2 — 1 unchanged, 1 no longer answered.");
  }, 60_000);

  it("never fails the ingest: a store it cannot open is one line", async () => {
    const config = loadConfig({ CORPUS_DIR: world.corpusDir, INDEX_DIR: world.indexDir, DATA_DIR: `${world.indexDir}/CURRENT` });
    const { report: none, text } = await checkAnswersAfterIngest(config, silentLogger());
    expect(none).toBeUndefined();
    expect(text).toMatch(/^Stale-answer check skipped: DATA_DIR: /);
  });
});
