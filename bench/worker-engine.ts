import { once } from "node:events";
import { z } from "zod";
import { Answer, type Engine, type Topic } from "../src/engine/answer.js";
import type { EngineOptions } from "../src/engine/engine.js";
import type { OpenIndexOptions } from "../src/index/store.js";
import { CitebotError, ErrorCode } from "../src/errors.js";
import { startTsWorker } from "./ts-worker.js";

const Reply = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready"), topics: z.array(z.object({ title: z.string(), url: z.string(), sections: z.array(z.string()) })) }),
  z.object({ type: z.literal("answer"), id: z.number(), answer: Answer }),
  z.object({ type: z.literal("error"), id: z.number(), message: z.string() }),
]);

/**
 * Bench experiment, not shipped: an Engine whose answers are computed on a worker thread, leaving the
 * main thread free to ack Slack. History and cancellation are not forwarded (the load sends single questions).
 */
export async function startWorkerEngine(indexDir: string, settings: EngineOptions & OpenIndexOptions): Promise<Engine & { close(): Promise<void> }> {
  const worker = startTsWorker("engine-worker.ts", { indexDir, settings });
  const pending = new Map<number, { resolve: (answer: Answer) => void; reject: (error: Error) => void }>();
  let topics: Topic[] = [];
  let nextId = 0;
  const ready = new Promise<void>((resolve, reject) => {
    worker.once("error", reject);
    worker.on("message", (message: unknown) => {
      const reply = Reply.parse(message);
      if (reply.type === "ready") {
        topics = reply.topics;
        resolve();
        return;
      }
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      if (reply.type === "answer") waiting?.resolve(reply.answer);
      else waiting?.reject(new CitebotError(ErrorCode.Unknown, reply.message));
    });
  });
  await ready;
  return {
    topics: () => topics,
    answer(question) {
      const id = nextId++;
      return new Promise<Answer>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, question });
      });
    },
    async close() {
      const exited = once(worker, "exit");
      await worker.terminate();
      await exited;
    },
  };
}
