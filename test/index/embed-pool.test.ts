import { afterAll, describe, expect, it } from "vitest";
import { EmbedPool } from "../../src/index/embed-pool.js";
import { UseLiteEmbeddings } from "../../src/index/embedder.js";

// Two real model copies on worker threads against the model on this thread.
const texts = Array.from({ length: 80 }, (_, i) => `Sentence ${i}: ${"Django scales horizontally behind a load balancer. ".repeat((i % 5) + 1)}`);
const here = new UseLiteEmbeddings();
const pooled = new UseLiteEmbeddings({ workers: 2 });

afterAll(() => pooled.release());

describe("embedding on worker threads", () => {
  it("gives every text the vector this thread gives it, in order", async () => {
    const [expected, actual] = [await here.embedDocuments(texts), await pooled.embedDocuments(texts)];
    expect(actual).toEqual(expected);
  }, 120_000);

  it("keeps each job's vectors in order when several jobs share the workers", async () => {
    // A vector can differ in its last bits with the batch it was padded with, so each job is compared with itself here.
    const jobs = [texts.slice(0, 70), texts.slice(10, 80), texts.slice(5, 75)];
    const results = await Promise.all(jobs.map((job) => pooled.embedDocuments(job)));
    const expected: number[][][] = [];
    for (const job of jobs) expected.push(await here.embedDocuments(job));
    expect(results).toEqual(expected);
  }, 120_000);

  it("rejects what is still queued when the pool is closed", async () => {
    const pool = new EmbedPool(1);
    // Started and idle first: a worker terminated while the model is still loading can take the process with it.
    await pool.embedBatches([["warm up"]]);
    const job = expect(pool.embedBatches(Array.from({ length: 6 }, () => ["a short text"]))).rejects.toThrow("the embedding pool was closed");
    await pool.close();
    await job;
  }, 60_000);
});
