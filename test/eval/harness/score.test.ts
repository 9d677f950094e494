import { describe, expect, it } from "vitest";
import type { Answer } from "../../../src/engine/answer.js";
import type { SetQuestion } from "../../../eval/harness/question-set.js";
import { citesSection, codeLinesOutsideFences, scoreAnswer, type ChunkLookup } from "../../../eval/harness/score.js";

const lookup: ChunkLookup = {
  text: (chunkId) => ({ a: "Uber cut CPU use by 50%.", b: "Netflix reached 99.99% availability." })[chunkId],
  headingCount: (_source, heading) => (heading === "Key Lessons" ? 2 : 1),
};

function answer(text: string, options: Partial<Answer> = {}): Answer {
  return {
    question: "q",
    answer: text,
    grounded: true,
    citations: [{ id: 1, chunkId: "a", source: "case-studies.md", title: "Case Studies", section: "Case Studies › Uber › Results", url: "#results", score: 1, quote: "" }],
    timings: { embedMs: 0, retrieveMs: 0, composeMs: 0, totalMs: 0 },
    generator: "extractive",
    related: [],
    ...options,
  };
}

const question: SetQuestion = { id: "s-1", question: "how much cpu did uber save?", answerable: true, sections: [{ source: "case-studies.md", section: "Results" }], facts: [["50%"], ["CPU"]], tags: [] };

describe("scoreAnswer", () => {
  it("counts a cited expected section among the first three and every fact present", () => {
    const score = scoreAnswer(question, answer("Uber cut **CPU** use by 50%. [1]"), lookup, 3);
    expect(score).toMatchObject({ sectionAt3: true, allFacts: true, missingFacts: [] });
  });

  it("names the facts an answer leaves out", () => {
    expect(scoreAnswer(question, answer("Uber cut CPU use. [1]"), lookup, 3).missingFacts).toEqual([["50%"]]);
  });

  it("gives a refusal of an answerable question no section and no facts", () => {
    const score = scoreAnswer(question, answer("I don't know.", { grounded: false, citations: [] }), lookup, 3);
    expect(score).toMatchObject({ grounded: false, sectionAt3: false, allFacts: false });
  });

  it("checks a decision's verdict against the expected one", () => {
    const decision: SetQuestion = { ...question, verdict: "no" };
    expect(scoreAnswer(decision, answer("x [1]", { verdict: "yes" }), lookup, 3).verdictAgrees).toBe(false);
    expect(scoreAnswer(decision, answer("x [1]", { verdict: "no" }), lookup, 3).verdictAgrees).toBe(true);
    expect(scoreAnswer(decision, answer("x [1]"), lookup, 3).verdictAgrees).toBe(false);
  });
});

describe("citesSection", () => {
  it("matches the expected heading anywhere in the cited heading path, in the expected file", () => {
    expect(citesSection({ source: "docs/case-studies.md", section: "Case Studies › Uber › Results", chunkId: "a" }, { source: "case-studies.md", section: "results" }, [], lookup)).toBe(true);
    expect(citesSection({ source: "other.md", section: "Case Studies › Uber › Results", chunkId: "a" }, { source: "case-studies.md", section: "Results" }, [], lookup)).toBe(false);
  });

  it("tells repeated headings apart by the facts their section holds", () => {
    const expected = { source: "case-studies.md", section: "Key Lessons" };
    expect(citesSection({ source: "case-studies.md", section: "Case Studies › Uber › Key Lessons", chunkId: "a" }, expected, [["50%"]], lookup)).toBe(true);
    expect(citesSection({ source: "case-studies.md", section: "Case Studies › Netflix › Key Lessons", chunkId: "b" }, expected, [["50%"]], lookup)).toBe(false);
  });
});

describe("codeLinesOutsideFences", () => {
  it("counts code quoted as prose and not code in a fence or inline", () => {
    expect(codeLinesOutsideFences("Call `client.close()` when done. [1]")).toBe(0);
    expect(codeLinesOutsideFences("```js\nconst client = new Client(url);\n```")).toBe(0);
    expect(codeLinesOutsideFences("const client = new Client(url); [1]")).toBe(1);
    expect(codeLinesOutsideFences("client.get({ path: '/' }).then((res) => res.body) // ✅. [1]")).toBe(1);
  });

  it("does not take English for code", () => {
    expect(codeLinesOutsideFences("Let the new service return early; it is a good return on investment. [1]")).toBe(0);
  });
});
