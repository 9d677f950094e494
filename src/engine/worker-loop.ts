import { parentPort, workerData } from "node:worker_threads";
import { asCitebotError } from "../errors.js";
import type { IndexPointer } from "../index/store.js";
import type { GenerationEngine } from "./generation-engine.js";
import { type FromWorker, ToWorker, WorkerData } from "./worker-protocol.js";

/** What a replica module exports: how a worker builds its engine for one generation. */
export interface ReplicaModule {
  /** The pool checks the files' hashes itself (verifyGeneration), so a replica opens with verify "opened-files". */
  openReplica(data: unknown, pointer: IndexPointer): Promise<GenerationEngine>;
}

// A worker thread of the engine pool: one or more generations open, answering what the pool sends.
const port = parentPort;
if (!port) throw new Error("worker-loop.ts runs only as a worker thread (see worker-pool.ts)");
const { replica, data } = WorkerData.parse(workerData);
const { openReplica } = (await import(replica)) as ReplicaModule;
const engines = new Map<string, { engine: GenerationEngine; inFlight: number; released: boolean }>();
const controllers = new Map<number, AbortController>();
const post = (message: FromWorker) => port.postMessage(message);

async function closeIfDone(generation: string): Promise<void> {
  const entry = engines.get(generation);
  if (!entry?.released || entry.inFlight > 0) return;
  engines.delete(generation);
  await entry.engine.close();
}

port.on("message", (raw: unknown) => {
  const message = ToWorker.parse(raw);
  switch (message.type) {
    case "open": {
      const { generation } = message.pointer;
      openReplica(data, message.pointer).then(
        (engine) => {
          engines.set(generation, { engine, inFlight: 0, released: false });
          post({ type: "opened", generation, topics: engine.topics() });
        },
        (error: unknown) => post({ type: "open-failed", generation, ...coded(error) }),
      );
      return;
    }
    case "release": {
      const entry = engines.get(message.generation);
      if (entry) entry.released = true;
      void closeIfDone(message.generation);
      return;
    }
    case "abort":
      controllers.get(message.id)?.abort();
      return;
    case "answer": {
      const { id, generation } = message;
      const entry = engines.get(generation);
      if (!entry) {
        post({ type: "error", id, code: "engine_worker_failed", message: `generation ${generation} is not open in this worker` });
        return;
      }
      const controller = new AbortController();
      controllers.set(id, controller);
      entry.inFlight++;
      entry.engine
        .answer(message.question, {
          history: message.history,
          extractiveOnly: message.extractiveOnly,
          ...(message.allowSources ? { allowSources: message.allowSources } : {}),
          signal: controller.signal,
          ...(message.stream ? { onPartial: (text: string) => post({ type: "partial", id, text }) } : {}),
        })
        .then(
          (answer) => post({ type: "answer", id, answer }),
          (error: unknown) => post({ type: "error", id, ...coded(error) }),
        )
        .finally(() => {
          controllers.delete(id);
          entry.inFlight--;
          void closeIfDone(generation);
        });
      return;
    }
  }
});

function coded(error: unknown): { code: string; message: string } {
  const wrapped = asCitebotError(error);
  return { code: wrapped.code, message: wrapped.message };
}
