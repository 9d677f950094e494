// A replica module for engine-pool tests (see src/engine/worker-loop.ts): its engine acts out the question.
//   "hold"   waits until cancelled       "exit"    ends its worker thread     "fail"   rejects with generator_failed
//   "stream" sends partial text first    "history" answers with the history   "sources" answers with allowSources   other    answers "<generation> <threadId>: <question>"
//   "park"   answers once "unpark" is asked of the same worker
import { threadId } from "node:worker_threads";
import type { Answer } from "../../src/engine/answer.js";
import type { GenerationEngine } from "../../src/engine/generation-engine.js";
import { CitebotError, ErrorCode } from "../../src/errors.js";
import type { IndexPointer } from "../../src/index/store.js";

export interface ScriptedReplicaData {
  /** Opening this generation fails with index_corrupt. */
  failToOpen?: string;
}

const parked: Array<() => void> = [];

const reply = (question: string, answer: string): Answer => ({ question, answer, grounded: true, citations: [], timings: { embedMs: 0, retrieveMs: 0, composeMs: 0, totalMs: 0 }, generator: "extractive", related: [] });

export async function openReplica(data: unknown, pointer: IndexPointer): Promise<GenerationEngine> {
  if ((data as ScriptedReplicaData).failToOpen === pointer.generation) throw new CitebotError(ErrorCode.IndexCorrupt, `The index is damaged: ${pointer.generation}`);
  return {
    generation: pointer.generation,
    pointer,
    verified: Promise.resolve(),
    topics: () => [{ title: pointer.generation, url: "/", sections: [] }],
    close: async () => undefined,
    async answer(question, options = {}) {
      switch (question) {
        case "hold":
          return new Promise<Answer>((_, reject) => options.signal?.addEventListener("abort", () => reject(new CitebotError(ErrorCode.AnswerTimeout, "The answer was cancelled")), { once: true }));
        case "exit":
          process.exit(3);
          break;
        case "fail":
          throw new CitebotError(ErrorCode.GeneratorFailed, "the model refused");
        case "stream":
          options.onPartial?.("half an");
          return reply(question, "half an answer");
        case "history":
          return reply(question, JSON.stringify(options.history ?? []));
        case "sources":
          return reply(question, JSON.stringify(options.allowSources ?? null));
        case "park":
          await new Promise<void>((resolve) => parked.push(resolve));
          break;
        case "unpark":
          parked.splice(0).forEach((resolve) => resolve());
          break;
      }
      return reply(question, `${pointer.generation} ${threadId}: ${question}`);
    },
  };
}
