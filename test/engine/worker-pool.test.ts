import fs from "node:fs/promises";
import path from "node:path";
import { threadId } from "node:worker_threads";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createReloadingEngine } from "../../src/engine/hot-reload.js";
import { startEnginePool, type EnginePoolOptions, type PooledEngine } from "../../src/engine/worker-pool.js";
import { ErrorCode } from "../../src/errors.js";
import { ingest } from "../../src/index/ingest.js";
import { readPointer, type IndexPointer } from "../../src/index/store.js";
import { silentLogger } from "../../src/logger.js";
import type { ScriptedReplicaData } from "../fakes/scripted-replica.js";
import { HashedBagOfWords } from "../helpers/hashed-embeddings.js";
import { makeTempDir, writeFiles } from "../helpers/temp-dir.js";
import { TINY_CORPUS } from "../helpers/tiny-corpus.js";

const SCRIPTED = new URL("../fakes/scripted-replica.ts", import.meta.url);
let indexDir: string;
let pointer: IndexPointer;
let remove: () => Promise<void>;
const pools: PooledEngine[] = [];

beforeAll(async () => {
  const dir = await makeTempDir("pool");
  remove = dir.remove;
  indexDir = path.join(dir.path, "index");
  await writeFiles(path.join(dir.path, "corpus"), TINY_CORPUS);
  await ingest({ corpusDir: path.join(dir.path, "corpus"), indexDir, maxFileBytes: 100_000, chunkMaxChars: 1_500, embeddings: new HashedBagOfWords(), logger: silentLogger() });
  pointer = (await readPointer(indexDir)) as IndexPointer;
});

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.shutdown()));
});

afterAll(() => remove());

async function start(options: Partial<EnginePoolOptions> & { data?: ScriptedReplicaData } = {}): Promise<PooledEngine> {
  const pool = await startEnginePool({ indexDir, pointer, replica: SCRIPTED, data: {}, size: 1, maxQueue: 4, ...options });
  pools.push(pool);
  return pool;
}

/** Resolves once the pool has handed `count` questions to its workers. */
async function answering(pool: PooledEngine, count: number): Promise<void> {
  while (pool.load().answering < count) await new Promise((resolve) => setImmediate(resolve));
}

describe("an engine pool", () => {
  it("answers on a worker thread, not the caller's", async () => {
    const answer = await (await start()).answer("where?");
    expect(answer.answer).toMatch(new RegExp(`^${pointer.generation} (\\d+): where\\?$`));
    expect(answer.answer).not.toContain(` ${threadId}:`);
  });

  it("passes the conversation's history to the engine", async () => {
    const history = [{ question: "Does Django scale?", cited: ["a#1"] }];
    expect(JSON.parse((await (await start()).answer("history", { history })).answer)).toEqual(history);
  });

  it("passes partial text to onPartial before the answer", async () => {
    const partials: string[] = [];
    const answer = await (await start()).answer("stream", { onPartial: (text) => partials.push(text) });
    expect({ partials, answer: answer.answer }).toEqual({ partials: ["half an"], answer: "half an answer" });
  });

  it("spreads questions over its workers", async () => {
    const pool = await start({ size: 2 });
    const held = [new AbortController(), new AbortController()];
    const holding = held.map((controller) => pool.answer("hold", { signal: controller.signal }).catch(() => undefined));
    await answering(pool, 2);
    expect(pool.load()).toEqual({ queued: 0, answering: 2, workers: 2 });
    held.forEach((controller) => controller.abort());
    await Promise.all(holding);
  });

  it("refuses with busy, at once, when every worker is answering and the queue is full", async () => {
    const pool = await start({ size: 1, maxQueue: 1 });
    const controller = new AbortController();
    const held = [pool.answer("hold", { signal: controller.signal }), pool.answer("hold", { signal: controller.signal })].map((promise) => promise.catch((error: unknown) => error));
    await answering(pool, 1);
    await expect(pool.answer("one more?")).rejects.toMatchObject({ code: ErrorCode.Busy, message: expect.stringMatching(/try again in a moment/) });
    controller.abort();
    await Promise.all(held);
  });

  it("cancels a question still waiting in the queue without a worker seeing it", async () => {
    const pool = await start({ size: 1 });
    const first = new AbortController();
    const holding = pool.answer("hold", { signal: first.signal }).catch(() => undefined);
    await answering(pool, 1);
    const waiting = new AbortController();
    const queued = pool.answer("queued?", { signal: waiting.signal });
    expect(pool.load().queued).toBe(1);
    waiting.abort();
    await expect(queued).rejects.toMatchObject({ code: ErrorCode.AnswerTimeout });
    expect(pool.load().queued).toBe(0);
    first.abort();
    await holding;
  });

  it("passes cancellation to the worker answering", async () => {
    const pool = await start();
    const controller = new AbortController();
    const holding = pool.answer("hold", { signal: controller.signal });
    await answering(pool, 1);
    controller.abort();
    await expect(holding).rejects.toMatchObject({ code: ErrorCode.AnswerTimeout });
  });

  it("rejects a question already cancelled", async () => {
    await expect((await start()).answer("late?", { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: ErrorCode.AnswerTimeout });
  });

  it("passes an engine error's code through", async () => {
    await expect((await start()).answer("fail")).rejects.toMatchObject({ code: ErrorCode.GeneratorFailed, message: "the model refused" });
  });

  it("fails the question of a worker that dies with engine_worker_failed, and answers the next on its replacement", async () => {
    const pool = await start({ size: 1 });
    await expect(pool.answer("exit")).rejects.toMatchObject({ code: ErrorCode.EngineWorkerFailed });
    await expect(pool.answer("still there?")).resolves.toMatchObject({ answer: expect.stringContaining("still there?") });
  });

  it("fails to start with the replica's own error when the index cannot be opened", async () => {
    await expect(start({ data: { failToOpen: pointer.generation } })).rejects.toMatchObject({ code: ErrorCode.IndexCorrupt });
  });

  it("serves a second generation beside the first, each question on the one it was asked of", async () => {
    const pool = await start({ size: 2 });
    const next = await pool.open({ generation: "gen-2" });
    const [old, fresh] = await Promise.all([pool.answer("which?"), next.answer("which?")]);
    expect([old.answer.split(" ")[0], fresh.answer.split(" ")[0], next.topics()[0]?.title]).toEqual([pointer.generation, "gen-2", "gen-2"]);
  });

  it("reloads under a reloading engine: a question in flight finishes on the old generation, the next goes to the new", async () => {
    const pool = await start({ size: 1, answersPerWorker: 2 });
    const engine = createReloadingEngine(pool, { open: (next) => pool.open(next) });
    const parked = engine.answer("park");
    await answering(pool, 1);
    await engine.reload({ generation: "gen-2" });
    const next = await engine.answer("which?");
    await engine.answer("unpark");
    expect([(await parked).answer.split(" ")[0], next.answer.split(" ")[0]]).toEqual([pointer.generation, "gen-2"]);
  });

  it("passes a document filter (a function) to its workers as the generation's sources it allows", async () => {
    const answer = await (await start()).answer("sources", { allowSource: (source) => source !== "volcanoes.md" });
    expect(JSON.parse(answer.answer)).toEqual(["lighthouses.md", "tides.txt"]);
  });

  it("refuses an option it cannot pass to a worker rather than dropping it", async () => {
    const options = { notAnOption: () => true } as Parameters<PooledEngine["answer"]>[1];
    await expect((await start()).answer("which?", options)).rejects.toThrow(/cannot pass notAnOption/);
  });

  it("lists the topics of its generation", async () => {
    expect((await start()).topics()).toEqual([{ title: pointer.generation, url: "/", sections: [] }]);
  });

  it("rejects `verified` with index_corrupt when a file of the generation is damaged", async () => {
    const file = path.join(indexDir, pointer.generation, "unit-vectors.f32");
    const bytes = await fs.readFile(file);
    await fs.writeFile(file, Buffer.concat([Buffer.from([(bytes[0] ?? 0) ^ 0xff]), bytes.subarray(1)]));
    try {
      await expect((await start()).verified).rejects.toMatchObject({ code: ErrorCode.IndexCorrupt, message: expect.stringContaining("unit-vectors.f32 is damaged") });
    } finally {
      await fs.writeFile(file, bytes);
    }
  });

  it("refuses a size below 1, naming it", async () => {
    await expect(start({ size: 0 })).rejects.toThrow(/size must be an integer ≥ 1/);
  });
});
