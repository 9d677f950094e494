import { Worker } from "node:worker_threads";
import { z } from "zod";

const WorkerReply = z.union([z.object({ id: z.number(), vectors: z.array(z.array(z.number())) }), z.object({ id: z.number(), error: z.string() })]);

interface Pending {
  resolve: (vectors: number[][]) => void;
  reject: (error: Error) => void;
}

/** A few worker threads, each with its own copy of the model, so a large embedding job uses every core. */
export class EmbedPool {
  readonly #workers: Array<{ worker: Worker; pending: Map<number, Pending> }> = [];
  #next = 0;
  #nextId = 0;

  constructor(readonly size: number) {}

  /** Splits `batches` over the workers; resolves in the same order. */
  embedBatches(batches: string[][]): Promise<number[][][]> {
    this.#start();
    return Promise.all(batches.map((texts) => this.#send(texts)));
  }

  async close(): Promise<void> {
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
        if ("error" in reply) waiting?.reject(new Error(reply.error));
        else waiting?.resolve(reply.vectors);
      });
      const failAll = (error: Error) => {
        for (const waiting of pending.values()) waiting.reject(error);
        pending.clear();
        const at = this.#workers.findIndex((entry) => entry.worker === worker);
        if (at >= 0) this.#workers.splice(at, 1);
      };
      worker.on("error", failAll);
      worker.on("exit", (code) => failAll(new Error(`embedding worker exited with code ${code}`)));
      // Idle workers must not keep a finished CLI command alive.
      worker.unref();
      this.#workers.push({ worker, pending });
    }
  }

  #send(texts: string[]): Promise<number[][]> {
    const entry = this.#workers[this.#next++ % this.#workers.length];
    if (!entry) return Promise.reject(new Error("no embedding worker is running"));
    const id = this.#nextId++;
    return new Promise<number[][]>((resolve, reject) => {
      entry.pending.set(id, { resolve, reject });
      entry.worker.ref();
      entry.worker.postMessage({ id, texts });
    }).finally(() => {
      if (entry.pending.size === 0) entry.worker.unref();
    });
  }
}
