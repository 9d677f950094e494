import { Worker } from "node:worker_threads";
import { z } from "zod";

const WorkerReply = z.union([z.object({ id: z.number(), vectors: z.array(z.array(z.number())) }), z.object({ id: z.number(), error: z.string() })]);

interface Pending {
  resolve: (vectors: number[][]) => void;
  reject: (error: Error) => void;
}

/** Batches a worker holds at once: the next is already waiting in its port when it finishes one. */
const BATCHES_PER_WORKER = 2;

/**
 * A few worker threads, each with its own copy of the model, so a large embedding job uses every core. Batches
 * go to whichever worker is free (not dealt round-robin up front): on a shared machine one thread may get less
 * CPU than another, and a static split would leave the faster one idle at the end of every job.
 */
export class EmbedPool {
  readonly #workers: Array<{ worker: Worker; pending: Map<number, Pending> }> = [];
  readonly #queue: Array<{ texts: string[]; resolve: (vectors: number[][]) => void; reject: (error: Error) => void }> = [];
  #nextId = 0;

  constructor(readonly size: number) {}

  /** Embeds each batch on a free worker; resolves in the same order. */
  embedBatches(batches: string[][]): Promise<number[][][]> {
    this.#start();
    const results = Promise.all(batches.map((texts) => new Promise<number[][]>((resolve, reject) => this.#queue.push({ texts, resolve, reject }))));
    this.#dispatch();
    return results;
  }

  async close(): Promise<void> {
    for (const job of this.#queue.splice(0)) job.reject(new Error("the embedding pool was closed"));
    const workers = this.#workers.splice(0);
    await Promise.all(workers.map(({ worker }) => worker.terminate()));
  }

  #start(): void {
    while (this.#workers.length < this.size) {
      const worker = new Worker(new URL("./embed-worker.js", import.meta.url));
      const pending = new Map<number, Pending>();
      worker.on("message", (message: unknown) => {
        const reply = WorkerReply.parse(message);
        const waiting = pending.get(reply.id);
        pending.delete(reply.id);
        // Idle workers must not keep a finished CLI command alive.
        if (pending.size === 0) worker.unref();
        if ("error" in reply) waiting?.reject(new Error(reply.error));
        else waiting?.resolve(reply.vectors);
      });
      const failAll = (error: Error) => {
        for (const waiting of pending.values()) waiting.reject(error);
        pending.clear();
        const at = this.#workers.findIndex((entry) => entry.worker === worker);
        if (at >= 0) this.#workers.splice(at, 1);
        // With no worker left, what is still queued cannot run here: the caller falls back to its own thread.
        if (this.#workers.length === 0) for (const job of this.#queue.splice(0)) job.reject(error);
      };
      worker.on("error", failAll);
      worker.on("exit", (code) => failAll(new Error(`embedding worker exited with code ${code}`)));
      // Idle workers must not keep a finished CLI command alive.
      worker.unref();
      this.#workers.push({ worker, pending });
    }
  }

  #dispatch(): void {
    for (;;) {
      const entry = this.#workers.filter((candidate) => candidate.pending.size < BATCHES_PER_WORKER).sort((a, b) => a.pending.size - b.pending.size)[0];
      const job = entry && this.#queue.shift();
      if (!entry || !job) return;
      const id = this.#nextId++;
      entry.pending.set(id, {
        resolve: (vectors) => {
          job.resolve(vectors);
          this.#dispatch();
        },
        reject: job.reject,
      });
      entry.worker.ref();
      entry.worker.postMessage({ id, texts: job.texts });
    }
  }
}
