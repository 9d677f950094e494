import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import type { Answer } from "../../src/engine/answer.js";
import type { GenerationEngine } from "../../src/engine/generation-engine.js";
import { createReloadingEngine } from "../../src/engine/hot-reload.js";
import { CitebotError, ErrorCode } from "../../src/errors.js";

/** A generation engine whose answers name it; "hold" waits for `release()`. It records when it was closed. */
function fakeGeneration(generation: string, options: { verified?: Promise<void> } = {}) {
  const held: Array<() => void> = [];
  const state = { closed: false, answered: 0 };
  const reply = (question: string): Answer => ({ question, answer: generation, grounded: true, citations: [], timings: { embedMs: 0, retrieveMs: 0, composeMs: 0, totalMs: 0 }, generator: "extractive", related: [] });
  const engine: GenerationEngine = {
    generation,
    pointer: { generation },
    verified: options.verified ?? Promise.resolve(),
    topics: () => [{ title: generation, url: "/", sections: [] }],
    async answer(question) {
      if (state.closed) throw new Error(`${generation} was closed before its answer`);
      if (question === "hold") await new Promise<void>((resolve) => held.push(resolve));
      state.answered++;
      return reply(question);
    },
    close: async () => {
      state.closed = true;
    },
  };
  return { engine, state, release: () => held.splice(0).forEach((resolve) => resolve()), holding: () => held.length };
}

function capture() {
  const lines: Array<{ msg: string; generation?: string; level: number }> = [];
  const logger = pino({ level: "info" }, new Writable({ write: (chunk, _encoding, done) => (lines.push(JSON.parse(String(chunk))), done()) }));
  return { logger, lines };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe("createReloadingEngine", () => {
  it("answers new questions on the generation it reloaded to", async () => {
    const one = fakeGeneration("gen-1");
    const two = fakeGeneration("gen-2");
    const engine = createReloadingEngine(one.engine, { open: async () => two.engine });
    expect(await engine.reload({ generation: "gen-2" })).toBe("gen-2");
    expect({ answer: (await engine.answer("which?")).answer, generation: engine.generation, topics: engine.topics()[0]?.title }).toEqual({ answer: "gen-2", generation: "gen-2", topics: "gen-2" });
  });

  it("lets an answer in flight finish on the old generation, and closes it only after", async () => {
    const one = fakeGeneration("gen-1");
    const two = fakeGeneration("gen-2");
    const engine = createReloadingEngine(one.engine, { open: async () => two.engine });
    const inFlight = engine.answer("hold");
    await until(() => one.holding() === 1);
    await engine.reload({ generation: "gen-2" });
    expect({ next: (await engine.answer("which?")).answer, oldClosed: one.state.closed }).toEqual({ next: "gen-2", oldClosed: false });
    one.release();
    expect((await inFlight).answer).toBe("gen-1");
    expect(one.state.closed).toBe(true);
  });

  it("closes an idle old generation at once", async () => {
    const one = fakeGeneration("gen-1");
    await createReloadingEngine(one.engine, { open: async () => fakeGeneration("gen-2").engine }).reload({ generation: "gen-2" });
    expect(one.state.closed).toBe(true);
  });

  it("keeps serving the old generation, and logs why, when the new one cannot be opened", async () => {
    const { logger, lines } = capture();
    const one = fakeGeneration("gen-1");
    const engine = createReloadingEngine(one.engine, {
      logger,
      open: async () => {
        throw new CitebotError(ErrorCode.IndexCorrupt, "The index is damaged");
      },
    });
    expect(await engine.reload({ generation: "gen-2" })).toBe("gen-1");
    expect({ answer: (await engine.answer("which?")).answer, closed: one.state.closed }).toEqual({ answer: "gen-1", closed: false });
    expect(lines.at(-1)).toMatchObject({ level: 50, msg: "could not open index generation gen-2; still serving gen-1" });
  });

  it("logs which generation serves, at start and after each swap", async () => {
    const { logger, lines } = capture();
    const engine = createReloadingEngine(fakeGeneration("gen-1").engine, { logger, open: async (pointer) => fakeGeneration(pointer.generation).engine });
    await engine.reload({ generation: "gen-2" });
    expect(lines.map((line) => line.msg)).toEqual(["serving index generation gen-1", "serving index generation gen-2"]);
  });

  it("opens only the latest of the reloads asked for while one was opening", async () => {
    const opened: string[] = [];
    let finishFirst = () => undefined as void;
    const engine = createReloadingEngine(fakeGeneration("gen-1").engine, {
      open: async (pointer) => {
        opened.push(pointer.generation);
        if (pointer.generation === "gen-2") await new Promise<void>((resolve) => (finishFirst = resolve));
        return fakeGeneration(pointer.generation).engine;
      },
    });
    const first = engine.reload({ generation: "gen-2" });
    await until(() => opened.length === 1);
    void engine.reload({ generation: "gen-3" });
    const last = engine.reload({ generation: "gen-4" });
    finishFirst();
    await Promise.all([first, last]);
    expect({ opened, serving: engine.generation }).toEqual({ opened: ["gen-2", "gen-4"], serving: "gen-4" });
  });

  it("does nothing for the generation it already serves", async () => {
    const opened: string[] = [];
    const engine = createReloadingEngine(fakeGeneration("gen-1").engine, { open: async (pointer) => (opened.push(pointer.generation), fakeGeneration(pointer.generation).engine) });
    await engine.reload({ generation: "gen-1" });
    expect(opened).toEqual([]);
  });

  it("reports a served generation whose files fail their integrity check", async () => {
    const damage = new CitebotError(ErrorCode.IndexCorrupt, "unit-vectors.f32 is damaged");
    const reported: Array<[string, string]> = [];
    const engine = createReloadingEngine(fakeGeneration("gen-1").engine, {
      open: async () => fakeGeneration("gen-2", { verified: Promise.reject(damage) }).engine,
      onDamaged: (error, generation) => reported.push([generation, error.message]),
    });
    await engine.reload({ generation: "gen-2" });
    await until(() => reported.length === 1);
    expect(reported).toEqual([["gen-2", "unit-vectors.f32 is damaged"]]);
  });

  it("fails none of 50 questions asked while it reloads", async () => {
    const one = fakeGeneration("gen-1");
    const engine = createReloadingEngine(one.engine, { open: async () => fakeGeneration("gen-2").engine });
    const questions = Array.from({ length: 50 }, (_, i) => engine.answer(i % 2 === 0 ? "hold" : `question ${i}`));
    await until(() => one.holding() === 25);
    const reloaded = engine.reload({ generation: "gen-2" });
    const more = Array.from({ length: 50 }, (_, i) => engine.answer(`later ${i}`));
    await reloaded;
    one.release();
    const answers = await Promise.allSettled([...questions, ...more]);
    expect(answers.filter((outcome) => outcome.status === "rejected")).toEqual([]);
    expect(one.state.closed).toBe(true);
  });
});
