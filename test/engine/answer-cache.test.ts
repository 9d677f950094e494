import { describe, expect, it } from "vitest";
import type { Answer, AnswerOptions, Engine } from "../../src/engine/answer.js";
import { cacheAnswers } from "../../src/engine/answer-cache.js";
import { ErrorCode } from "../../src/errors.js";

/** An engine that answers with the question it read and counts how often it was asked. */
function countingEngine(options: { generation?: string; fail?: boolean } = {}) {
  const calls: Array<{ question: string; options: AnswerOptions }> = [];
  const engine: Engine & { generation?: string } = {
    generation: options.generation,
    topics: () => [{ title: "Guide", url: "/guide", sections: ["Intro"] }],
    async answer(question, answerOptions = {}) {
      calls.push({ question, options: answerOptions });
      if (options.fail && calls.length === 1) throw new Error("model crashed");
      return { question, answer: `answer ${calls.length}`, grounded: true, citations: [], timings: { embedMs: 1, retrieveMs: 1, composeMs: 1, totalMs: 3 }, generator: "extractive", related: [] } satisfies Answer;
    },
  };
  return { engine, calls };
}

describe("cacheAnswers", () => {
  it("answers a repeated question from memory", async () => {
    const { engine, calls } = countingEngine();
    const cached = cacheAnswers(engine);
    const [first, second] = [await cached.answer("Does Django scale?"), await cached.answer("Does Django scale?")];
    expect({ calls: calls.length, same: second.answer === first.answer }).toEqual({ calls: 1, same: true });
  });

  it("treats spacing and Unicode form as the same question, and returns the asker's own text", async () => {
    const { engine, calls } = countingEngine();
    const cached = cacheAnswers(engine);
    await cached.answer("Is the cafe\u0301 open?");
    const again = await cached.answer("  Is the  café open? ");
    expect({ calls: calls.length, question: again.question }).toEqual({ calls: 1, question: "  Is the  café open? " });
  });

  it("keeps questions that differ in case apart, since the engine reads capitals as names", async () => {
    const { engine, calls } = countingEngine();
    const cached = cacheAnswers(engine);
    await cached.answer("Should we use Go?");
    await cached.answer("should we use go?");
    expect(calls).toHaveLength(2);
  });

  it("asks the engine again for the same question in another conversation, passing its history", async () => {
    const { engine, calls } = countingEngine();
    const cached = cacheAnswers(engine);
    await cached.answer("by how much?", { history: [{ question: "Did Discord cut latency?", cited: ["a#1"] }] });
    await cached.answer("by how much?", { history: [{ question: "Did Uber cut latency?", cited: ["b#2"] }] });
    expect(calls.map((call) => call.options.history?.[0]?.question)).toEqual(["Did Discord cut latency?", "Did Uber cut latency?"]);
  });

  it("asks the engine again once another index generation serves", async () => {
    const { engine, calls } = countingEngine({ generation: "gen-1" });
    const cached = cacheAnswers(engine);
    await cached.answer("Does Django scale?");
    engine.generation = "gen-2";
    await cached.answer("Does Django scale?");
    expect({ calls: calls.length, generation: cached.generation }).toEqual({ calls: 2, generation: "gen-2" });
  });

  it("keeps extractive-only answers apart from full ones", async () => {
    const { engine, calls } = countingEngine();
    const cached = cacheAnswers(engine);
    await cached.answer("Does Django scale?", { extractiveOnly: true });
    await cached.answer("Does Django scale?");
    expect(calls).toHaveLength(2);
  });

  it("does not keep a failure: the next ask reaches the engine", async () => {
    const { engine, calls } = countingEngine({ fail: true });
    const cached = cacheAnswers(engine);
    await expect(cached.answer("Does Django scale?")).rejects.toThrow("model crashed");
    await expect(cached.answer("Does Django scale?")).resolves.toMatchObject({ answer: "answer 2" });
    expect(calls).toHaveLength(2);
  });

  it("forgets the least recently asked question past maxEntries", async () => {
    const { engine, calls } = countingEngine();
    const cached = cacheAnswers(engine, { maxEntries: 2 });
    for (const question of ["one?", "two?", "one?", "three?", "one?", "two?"]) await cached.answer(question);
    expect({ asked: calls.map((call) => call.question), size: cached.size }).toEqual({ asked: ["one?", "two?", "three?", "two?"], size: 2 });
  });

  it("rejects a cancelled question with answer_timeout without asking the engine", async () => {
    const { engine, calls } = countingEngine();
    const cached = cacheAnswers(engine);
    await cached.answer("Does Django scale?");
    await expect(cached.answer("Does Django scale?", { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: ErrorCode.AnswerTimeout });
    expect(calls).toHaveLength(1);
  });

  it("passes the signal to the engine on a miss", async () => {
    const { engine, calls } = countingEngine();
    const signal = new AbortController().signal;
    await cacheAnswers(engine).answer("Does Django scale?", { signal });
    expect(calls[0]?.options.signal).toBe(signal);
  });

  it("passes a question with an option it cannot key (a document filter) straight to the engine, every time", async () => {
    const { engine, calls } = countingEngine();
    const cached = cacheAnswers(engine);
    const options = { allowSource: (source: string) => source.startsWith("public/") } as AnswerOptions;
    await cached.answer("Does Django scale?", options);
    await cached.answer("Does Django scale?", options);
    expect({ calls: calls.length, size: cached.size }).toEqual({ calls: 2, size: 0 });
  });

  it("lists the engine's topics", () => {
    expect(cacheAnswers(countingEngine().engine).topics()).toEqual([{ title: "Guide", url: "/guide", sections: ["Intro"] }]);
  });

  it("refuses a maxEntries that is not a positive integer, naming it", () => {
    expect(() => cacheAnswers(countingEngine().engine, { maxEntries: 0 })).toThrow(/maxEntries/);
  });
});
