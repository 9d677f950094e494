import { once } from "node:events";
import type { Worker } from "node:worker_threads";
import { startTsWorker } from "./ts-worker.js";

export interface ParallelEmbedRun {
  workers: number;
  texts: number;
  ms: number;
}

/**
 * Raw embedding of `texts` split across `workers` threads, each with its own model (the wasm backend
 * ships without threads, so one instance uses one core). The ceiling a pipeline using both cores could reach.
 */
export async function measureParallelEmbed(texts: readonly string[], workers: number): Promise<ParallelEmbedRun> {
  const threads = Array.from({ length: workers }, () => startTsWorker("embed-worker.ts"));
  try {
    await Promise.all(threads.map((thread) => waitFor(thread, "ready")));
    // Sorted by length and dealt round-robin, so each thread gets the same mix of long and short texts.
    const sorted = [...texts].sort((a, b) => a.length - b.length);
    const shares = threads.map((_, w) => sorted.filter((_, i) => i % workers === w));
    const pass = () =>
      Promise.all(
        threads.map((thread, w) => {
          const done = waitFor(thread, "done");
          thread.postMessage(shares[w]);
          return done;
        }),
      );
    // Untimed first pass: each model's first run over new batch shapes is slower.
    await pass();
    const started = performance.now();
    await pass();
    return { workers, texts: texts.length, ms: performance.now() - started };
  } finally {
    await Promise.all(threads.map((thread) => thread.terminate()));
  }
}

async function waitFor(thread: Worker, type: string): Promise<void> {
  for (;;) {
    const [message] = (await Promise.race([once(thread, "message"), once(thread, "error").then(([error]) => Promise.reject(error as Error))])) as [{ type?: string }];
    if (message.type === type) return;
  }
}
