import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/engine/answer.js";
import type { LoadedIndex } from "../../src/index/store.js";
import { GapReport, type GapCluster } from "../../src/knowledge/gaps/gap-report.js";
import { formatGapReport, GAP_DIGEST_MAX_CHARS, gapDigestMessage } from "../../src/knowledge/gaps/render-gaps.js";
import { gapReportFromStore } from "../../src/knowledge/gaps/report-from-store.js";
import type { QuestionRecorder } from "../../src/knowledge/question-recorder.js";
import { DEFAULTS, REAL_INDEX_TIMEOUT_MS, REPO_ROOT } from "../helpers/real-corpus.js";
import { startScript } from "../reliability/child-process.js";
import { TINY_CORPUS } from "../helpers/tiny-corpus.js";
import { createKnowledgeWorld, type KnowledgeWorld } from "./world.js";

let world: KnowledgeWorld;
let engine: Engine;
let index: LoadedIndex;
let recorder: QuestionRecorder;
let report: GapReport;
const started = new Date(Date.now() - 60_000);
let answerCount = 0;

/** Asks the real engine as a Slack user would, logs the question, and returns the answer id its buttons carry. */
async function ask(question: string): Promise<{ answerId: string; grounded: boolean; citations: { id: number; title: string; section: string; url: string }[] }> {
  const answer = await engine.answer(question);
  const answerId = `ans-${++answerCount}`;
  await recorder.record({ askedBy: { platform: "slack", channelId: "C1", userId: "U1" }, question, answer, answerId });
  return { answerId, grounded: answer.grounded, citations: answer.citations.map(({ id, title, section, url }) => ({ id, title, section, url })) };
}

async function vote(question: string, verdict: "up" | "down"): Promise<{ grounded: boolean }> {
  const asked = await ask(question);
  await world.store.feedback.record({ answerId: asked.answerId, platform: "slack", verdict, question, answer: "…", citations: asked.citations, userId: "U2", channelId: "C1" });
  return asked;
}

beforeAll(async () => {
  world = await createKnowledgeWorld({ ...TINY_CORPUS });
  ({ engine, index } = await world.current());
  recorder = await world.recorder();

  // Nothing covers what lighthouse keepers earned: two refusals and one weakly supported answer.
  expect((await ask("how much were lighthouse keepers paid?")).grounded).toBe(false);
  expect((await ask("what salary did a lighthouse keeper earn")).grounded).toBe(false);
  expect((await ask("lighthouse keeper wages per year")).grounded).toBe(true);
  // Answered from the Vesuvius section, and voted down twice.
  expect((await vote("when did Vesuvius bury Pompeii?", "down")).grounded).toBe(true);
  expect((await vote("what happened to Pompeii?", "down")).grounded).toBe(true);
  // Refused, taken to a person, who answered in the expert thread.
  const tides = await ask("who publishes the tide tables?");
  expect(tides.grounded).toBe(false);
  const { escalation } = await world.store.escalations.open({ answerId: tides.answerId, platform: "slack", channelId: "C1", userId: "U1", question: "who publishes the tide tables?", expertChannelId: "CEXPERTS" });
  await world.store.escalations.posted(escalation.id, "1700000000.000100");
  await world.store.escalations.recordReply({ platform: "slack", expertChannelId: "CEXPERTS", expertMessageId: "1700000000.000100", userId: "UEXPERT", text: "The UK Hydrographic Office publishes them every year." });
  // Answered well: not a gap.
  await vote("how tall is the Bell Rock lighthouse?", "up");
  await ask("why are there two high tides a day?");

  report = await gapReportFromStore({ store: world.store, embeddings: world.embeddings, since: started, until: new Date(), similarity: DEFAULTS.GAPS_SIMILARITY, weakScore: DEFAULTS.GAPS_WEAK_SCORE, index, questionLog: true });
}, REAL_INDEX_TIMEOUT_MS);

afterAll(() => world?.close());

const clusterOf = (question: string): GapCluster | undefined => report.clusters.find((cluster) => cluster.examples.includes(question));

describe("gap report", () => {
  it("counts the period's questions and each kind of gap", () => {
    // "what happened to Pompeii?" was weakly supported as well as voted down: it counts in both, as one item.
    expect(report.totals).toEqual({ questions: 8, refused: 3, votedDown: 2, weak: 2, escalated: 1, answeredByPerson: 1 });
  });

  it("puts the refused and the weak questions about one missing topic in one cluster", () => {
    const cluster = clusterOf("how much were lighthouse keepers paid?");
    expect(cluster).toMatchObject({ size: 3, refused: 2, weak: 1, votedDown: 0 });
    expect([...(cluster?.examples ?? [])].sort()).toEqual(["how much were lighthouse keepers paid?", "lighthouse keeper wages per year", "what salary did a lighthouse keeper earn"]);
    expect(cluster?.suggestion).toMatch(/^no section covers “/);
    expect(cluster?.nearestSections[0]?.title).toBe("Scottish Lighthouses");
  });

  it("puts the 👎 answers in their own cluster, naming the section voted down", () => {
    const cluster = clusterOf("when did Vesuvius bury Pompeii?");
    expect(cluster).toMatchObject({ size: 2, votedDown: 2, refused: 0 });
    expect(cluster?.examples).toContain("what happened to Pompeii?");
    expect(cluster?.votedDownSections).toEqual([{ title: "Volcanoes", section: "Volcanoes › Vesuvius", votes: 2 }]);
    expect(cluster?.suggestion).toMatch(/^section “Volcanoes › Vesuvius” is cited but voted down \(2 👎\)/);
    expect(cluster?.nearestSections.map((section) => section.section)).toContain("Volcanoes › Vesuvius");
  });

  it("shows a question a person answered as a documentation candidate, with the reply", () => {
    const cluster = clusterOf("who publishes the tide tables?");
    expect(cluster).toMatchObject({ size: 1, escalated: 1, answeredByPerson: 1, expertReplies: ["The UK Hydrographic Office publishes them every year."] });
    expect(cluster?.suggestion).toMatch(/^a person answered “who publishes the tide tables\?”: write their reply up in the documents/);
  });

  it("leaves out what was answered well", () => {
    expect(report.clusters.flatMap((cluster) => cluster.examples)).not.toContain("how tall is the Bell Rock lighthouse?");
    expect(report.clusters).toHaveLength(3);
  });

  it("prints as JSON that matches its schema", () => {
    expect(GapReport.parse(JSON.parse(JSON.stringify(report)))).toEqual(report);
  });

  it("renders for the terminal with every cluster and its suggestion", () => {
    const text = formatGapReport(report);
    for (const cluster of report.clusters) expect(text).toContain(`→ ${cluster.suggestion}`);
    expect(text).toMatch(/8 questions, 3 refused, 2 👎, 2 weakly supported, 1 taken to a person \(1 answered\); 3 clusters\./);
  });

  it("renders a short chat digest, one line per cluster, within the limit", () => {
    const digest = gapDigestMessage(report);
    expect(digest.length).toBeLessThanOrEqual(GAP_DIGEST_MAX_CHARS);
    expect(digest.split("\n").filter((line) => /^\d\. \(\d+\) /.test(line))).toHaveLength(3);
  });

  it("keeps the digest within the limit however many clusters and however long the questions", () => {
    const long: GapCluster = { ...report.clusters[0]!, suggestion: `no section covers “${"why ".repeat(500)}”: add one` };
    const digest = gapDigestMessage({ ...report, clusters: Array.from({ length: 40 }, () => long) }, { maxClusters: 40 });
    expect(digest.length).toBeLessThanOrEqual(GAP_DIGEST_MAX_CHARS);
    expect(digest).toContain("`npm run gaps` has the details.");
  });
});

describe("npm run gaps", () => {
  const gaps = (args: string[]) => {
    const run = startScript(`${REPO_ROOT}scripts/gaps.ts`, args, { CORPUS_DIR: world.corpusDir, INDEX_DIR: world.indexDir, DATA_DIR: world.dataDir });
    return run.exited.then((exit) => ({ ...exit, stdout: run.stdout(), stderr: run.stderr() }));
  };

  it("prints the report as one JSON object with --json, the same clusters as in process", async () => {
    const { code, stdout } = await gaps(["--json", "--since", "1d"]);
    expect(code).toBe(0);
    const printed = GapReport.parse(JSON.parse(stdout));
    expect(printed.clusters.map((cluster) => [cluster.size, cluster.suggestion])).toEqual(report.clusters.map((cluster) => [cluster.size, cluster.suggestion]));
    // The 👍 answer was replayed against the index it came from: unchanged.
    expect(printed.stale?.replay.map((result) => result.outcome)).toEqual(["same"]);
  }, 60_000);

  it("explains itself with --help, and names a bad --since", async () => {
    const help = await gaps(["--help"]);
    expect(help).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Usage: npm run gaps -- \[--since 7d\] \[--json\]/) });
    const bad = await gaps(["--since", "last tuesday"]);
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining("--since last tuesday: give a period such as 7d, 12h or 2w") });
  }, 60_000);
});
