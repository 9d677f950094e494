import { z } from "zod";
import { Answer, Turn } from "./answer.js";

/** Messages between the engine pool (worker-pool.ts) and its worker threads (worker-loop.ts), checked on arrival. */
export const Pointer = z.object({ generation: z.string(), manifestSha256: z.string().optional() });
const Topic = z.object({ title: z.string(), url: z.string(), sections: z.array(z.string()) });

export const ToWorker = z.discriminatedUnion("type", [
  z.object({ type: z.literal("open"), pointer: Pointer }),
  z.object({ type: z.literal("release"), generation: z.string() }),
  z.object({ type: z.literal("answer"), id: z.number(), generation: z.string(), question: z.string(), history: z.array(Turn).optional(), extractiveOnly: z.boolean().optional(), allowSources: z.array(z.string()).optional(), stream: z.boolean() }),
  z.object({ type: z.literal("abort"), id: z.number() }),
]);
export type ToWorker = z.infer<typeof ToWorker>;

export const FromWorker = z.discriminatedUnion("type", [
  z.object({ type: z.literal("opened"), generation: z.string(), topics: z.array(Topic) }),
  z.object({ type: z.literal("open-failed"), generation: z.string(), code: z.string(), message: z.string() }),
  z.object({ type: z.literal("partial"), id: z.number(), text: z.string() }),
  z.object({ type: z.literal("answer"), id: z.number(), answer: Answer }),
  z.object({ type: z.literal("error"), id: z.number(), code: z.string(), message: z.string() }),
]);
export type FromWorker = z.infer<typeof FromWorker>;

export const WorkerData = z.object({
  /** URL of the module whose `openReplica(data, pointer)` builds this worker's engine for a generation. */
  replica: z.string(),
  data: z.unknown(),
});
