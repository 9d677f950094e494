import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConversation } from "../../src/chat/conversation.js";
import { serveGenerations, type ServingEngine } from "../../src/engine/serving-engine.js";
import { startEnginePool, type PooledEngine } from "../../src/engine/worker-pool.js";
import { ErrorCode } from "../../src/errors.js";
import { ingest } from "../../src/index/ingest.js";
import { readPointer, type IndexPointer } from "../../src/index/store.js";
import { silentLogger } from "../../src/logger.js";
import { HashedBagOfWords } from "../helpers/hashed-embeddings.js";
import { makeTempDir, writeFiles } from "../helpers/temp-dir.js";
import { TINY_CORPUS } from "../helpers/tiny-corpus.js";

// What startEngine composes for `npm start` with ENGINE_WORKERS ≥ 1: an engine pool (its replica scripted, see
// test/fakes/scripted-replica.ts: it answers "<generation> <thread>: <question>") behind hot reload and the cache.
const SCRIPTED = new URL("../fakes/scripted-replica.ts", import.meta.url);
let corpusDir: string;
let indexDir: string;
let remove: () => Promise<void>;
let pool: PooledEngine;
let engine: ServingEngine;
let shutdowns = 0;

const run = () => ingest({ corpusDir, indexDir, maxFileBytes: 100_000, chunkMaxChars: 1_500, embeddings: new HashedBagOfWords(), logger: silentLogger() });

beforeAll(async () => {
  const dir = await makeTempDir("serving-engine");
  remove = dir.remove;
  corpusDir = path.join(dir.path, "corpus");
  indexDir = path.join(dir.path, "index");
  await writeFiles(corpusDir, TINY_CORPUS);
  await run();
  pool = await startEnginePool({ indexDir, pointer: (await readPointer(indexDir)) as IndexPointer, replica: SCRIPTED, data: {}, size: 1, maxQueue: 0 });
  engine = await serveGenerations(pool, pool.open, { indexDir, pollMs: 50, cacheEntries: 10 }, async () => {
    shutdowns++;
    await pool.shutdown();
  });
});

afterAll(async () => {
  await engine.close();
  await remove();
});

/** Resolves once `ready` holds, checking after each turn of the event loop's timers (the watch polls every 50 ms). */
async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe("the engine `npm start` answers with, on an engine pool", () => {
  it("gives a conversation's asker a busy notice, not an error, while the only worker answers and the queue holds none", async () => {
    const conversation = createConversation({ engine, logger: silentLogger() }, { answerTimeoutMs: 60_000 });
    const holder = new AbortController();
    const held = engine.answer("hold", { signal: holder.signal }).catch((error: unknown) => error);
    await until(() => pool.load().answering === 1);

    const reply = await conversation.handle({ platform: "slack", userId: "U1", channelId: "C1", threadKey: "C1:1", text: "Does Django scale?", isDirect: false });

    holder.abort();
    expect({ reply, held: ((await held) as { code?: string }).code }).toEqual({
      reply: { kind: "notice", reason: "busy", text: "I'm answering as many questions as I can right now. Please try again in a moment." },
      held: ErrorCode.AnswerTimeout,
    });
  });

  it("answers a repeated question from the cache", async () => {
    const first = await engine.answer("Does Django scale?");
    await until(() => pool.load().answering === 0);
    // The scripted replica names the answering thread; a second trip to it would give the same text, so the cache is
    // seen by the pool not being asked: a held worker with no queue would refuse the question with busy.
    const holder = new AbortController();
    const held = engine.answer("hold", { signal: holder.signal }).catch(() => undefined);
    await until(() => pool.load().answering === 1);
    const again = await engine.answer("Does  Django scale?");
    holder.abort();
    await held;
    expect(again.answer).toBe(first.answer);
  });

  it("serves the generation a new ingest writes, without a restart, and the next question is answered there", async () => {
    const before = engine.generation;
    await writeFiles(corpusDir, { "harbours.md": "# Harbours\n\nAberdeen harbour is the oldest business in Britain, founded in 1136.\n" });
    await run();
    const after = (await readPointer(indexDir))?.generation;
    await until(() => engine.generation === after);
    const answer = await engine.answer("Does Django scale?");
    expect({ changed: after !== before, answeredOn: answer.answer.split(" ")[0] }).toEqual({ changed: true, answeredOn: after });
  });

  it("stops the pool's workers when closed", async () => {
    await engine.close();
    await expect(pool.answer("Does Django scale?")).rejects.toMatchObject({ code: ErrorCode.EngineWorkerFailed });
    expect(shutdowns).toBe(1);
  });
});
