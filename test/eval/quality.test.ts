import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { evaluateCorpus } from "../../eval/harness/evaluate-corpus.js";
import { loadQuestionSet } from "../../eval/harness/question-set.js";
import { formatMisses } from "../../eval/harness/report.js";
import type { SetResult } from "../../eval/harness/run-set.js";

/**
 * What the engine reaches on each corpus's *test* half (written blind, never tuned on), with a little room:
 * a change that costs more than a question or two fails here. The targets and where the engine
 * stands against them are in docs/quality.md; `npm run eval` prints the same figures.
 */
const MINIMUMS: Record<string, { sectionAt3: number; allFacts: number; refusals: number; maxFalseRefusals: number }> = {
  // Measured 2026-12-01 (npm run eval -- --half test): 77.2 / 56.1 / 46.2 / 12.3 %.
  shipped: { sectionAt3: 0.72, allFacts: 0.52, refusals: 0.4, maxFalseRefusals: 0.15 },
  // 71.4 / 54.3 / 42.9 / 5.7 %.
  undici: { sectionAt3: 0.65, allFacts: 0.5, refusals: 0.4, maxFalseRefusals: 0.1 },
  // Held out, never tuned on: 82.5 / 52.5 / 62.5 / 5.0 %.
  "fastify-guides": { sectionAt3: 0.77, allFacts: 0.47, refusals: 0.55, maxFalseRefusals: 0.1 },
};

let dataDir: string;
const results = new Map<string, SetResult>();

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "citebot-quality-"));
  const config = loadConfig({ DATA_DIR: dataDir });
  for (const set of Object.keys(MINIMUMS)) {
    const half = await loadQuestionSet(path.join("eval/sets", `${set}.test.json`));
    const [result] = await evaluateCorpus(config, set, [half]);
    if (result) results.set(set, result);
  }
}, 600_000);

afterAll(async () => {
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

describe.each(Object.entries(MINIMUMS))("answer quality on the %s test half", (set, minimum) => {
  const result = () => results.get(set) as SetResult;
  const misses = () => formatMisses(result());

  it(`cites an expected section among the first three for at least ${minimum.sectionAt3 * 100}% of answerable questions`, () => {
    expect(result().summary.sectionAt3.value, misses()).toBeGreaterThanOrEqual(minimum.sectionAt3);
  });

  it(`has every key fact in at least ${minimum.allFacts * 100}% of answers`, () => {
    expect(result().summary.allFacts.value, misses()).toBeGreaterThanOrEqual(minimum.allFacts);
  });

  it(`refuses at least ${minimum.refusals * 100}% of the questions the documents do not answer`, () => {
    expect(result().summary.refusals.value, misses()).toBeGreaterThanOrEqual(minimum.refusals);
  });

  it(`refuses at most ${minimum.maxFalseRefusals * 100}% of answerable questions`, () => {
    expect(result().summary.falseRefusals.value, misses()).toBeLessThanOrEqual(minimum.maxFalseRefusals);
  });

  it("never quotes code as prose and never fails", () => {
    expect(result().summary.codeAsProse.part, misses()).toBe(0);
    expect(result().summary.engineErrors).toBe(0);
  });
});
