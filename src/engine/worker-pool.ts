import os from "node:os";
import { Worker } from "node:worker_threads";
import { CitebotError, ErrorCode } from "../errors.js";
import { readGenerationManifest, verifyGeneration, type IndexPointer } from "../index/store.js";
import type { Logger } from "../logger.js";
import { Answer, type AnswerOptions, type Topic } from "./answer.js";
import type { GenerationEngine } from "./generation-engine.js";
import { FromWorker, type ToWorker } from "./worker-protocol.js";

export interface EnginePoolOptions {
  indexDir: string;
  /** The generation the workers open first. */
  pointer: IndexPointer;
  /** Given to the replica module's openReplica in every worker (citebot's: EngineReplicaData, the Config). */
  data: unknown;
  /** Module exporting openReplica (see worker-loop.ts); default engine-replica.ts. */
  replica?: URL;
  /** Worker threads, each with its own model and copy of the index. */
  size?: number;
  /** Questions waiting for a worker; one more is refused with ErrorCode.Busy. */
  maxQueue?: number;
  /** Questions a worker answers at once. 1 suits the CPU-bound extractive engine; an LLM generator waits on I/O. */
  answersPerWorker?: number;
  logger?: Logger;
}

export const defaultEnginePoolOptions = {
  size: Math.max(1, os.availableParallelism()),
  maxQueue: 64,
  answersPerWorker: 1,
} as const satisfies Partial<EnginePoolOptions>;

/** The pool as an Engine on its first generation; `open` serves another (hot reload), `shutdown` stops the threads. */
export interface PooledEngine extends GenerationEngine {
  open(pointer: IndexPointer): Promise<GenerationEngine>;
  shutdown(): Promise<void>;
  /** Questions waiting and being answered, for health and load reports. */
  load(): { queued: number; answering: number; workers: number };
}

interface Job {
  id: number;
  generation: string;
  question: string;
  options: AnswerOptions;
  resolve: (answer: Answer) => void;
  reject: (error: Error) => void;
  detach: () => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Generations open in this worker. */
  opened: Set<string>;
  jobs: Map<number, Job>;
  opening: Map<string, { resolve: (topics: Topic[]) => void; reject: (error: Error) => void }>;
}

/** What a worker replacement waits after one that failed to start, doubling to the last. */
const RESTART_DELAYS_MS = [250, 1_000, 5_000, 30_000];

/**
 * Answers on worker threads, so the thread that acks Slack and Discord never runs the engine (bench: ack p99
 * 1,386 ms with the engine on it, 137 ms without). Questions wait in a bounded queue; a full one refuses at once
 * with `busy`. A worker that dies fails the questions it held with `engine_worker_failed` and is replaced.
 * History, cancellation and partial text pass through; each worker opens the same generation by its pointer.
 */
export async function startEnginePool(options: EnginePoolOptions): Promise<PooledEngine> {
  const size = options.size ?? defaultEnginePoolOptions.size;
  const maxQueue = options.maxQueue ?? defaultEnginePoolOptions.maxQueue;
  const perWorker = options.answersPerWorker ?? defaultEnginePoolOptions.answersPerWorker;
  for (const [name, value, min] of [["size", size, 1], ["maxQueue", maxQueue, 0], ["answersPerWorker", perWorker, 1]] as const) {
    if (!Number.isInteger(value) || value < min) throw new Error(`startEnginePool: ${name} must be an integer ≥ ${min}, not ${value}`);
  }
  const replica = (options.replica ?? new URL("../engine-replica.ts", import.meta.url)).href;
  const logger = options.logger;
  const slots = new Set<Slot>();
  const queue: Job[] = [];
  const generations = new Map<string, { pointer: IndexPointer; topics: Topic[]; verified: Promise<void>; sources?: Promise<string[]> }>();
  let nextId = 0;
  let stopping = false;
  let restarts = 0;

  const spawn = (): Slot => {
    const worker = new Worker(new URL("./worker-entry.js", import.meta.url), { workerData: { replica, data: options.data } });
    const slot: Slot = { worker, ready: false, opened: new Set(), jobs: new Map(), opening: new Map() };
    slots.add(slot);
    worker.on("message", (raw: unknown) => onMessage(slot, raw));
    worker.on("error", (error) => logger?.error({ err: error }, "engine worker failed"));
    worker.on("exit", (code) => onExit(slot, code));
    return slot;
  };

  const openOn = (slot: Slot, pointer: IndexPointer) =>
    new Promise<Topic[]>((resolve, reject) => {
      slot.opening.set(pointer.generation, { resolve, reject });
      send(slot, { type: "open", pointer });
    });

  const send = (slot: Slot, message: ToWorker) => slot.worker.postMessage(message);

  /** A new worker opens every generation still served, then takes questions. */
  const bringUp = async (slot: Slot): Promise<void> => {
    for (const { pointer } of generations.values()) await openOn(slot, pointer);
    slot.ready = true;
    restarts = 0;
    dispatch();
  };

  const replace = (): void => {
    if (stopping) return;
    const delay = restarts === 0 ? 0 : (RESTART_DELAYS_MS[Math.min(restarts, RESTART_DELAYS_MS.length) - 1] ?? 0);
    restarts++;
    const timer = setTimeout(() => {
      if (stopping) return;
      const slot = spawn();
      bringUp(slot).catch((error: unknown) => {
        logger?.error({ err: error }, "a replacement engine worker could not open the index; trying again");
        void slot.worker.terminate();
      });
    }, delay);
    timer.unref();
  };

  function onMessage(slot: Slot, raw: unknown): void {
    const parsed = FromWorker.safeParse(raw);
    if (!parsed.success) {
      logger?.error({ issue: parsed.error.issues[0]?.message }, "engine worker sent a malformed message; replacing it");
      void slot.worker.terminate();
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case "opened":
      case "open-failed": {
        const waiting = slot.opening.get(message.generation);
        slot.opening.delete(message.generation);
        if (message.type === "opened") {
          slot.opened.add(message.generation);
          waiting?.resolve(message.topics);
        }
        else waiting?.reject(new CitebotError(codeOf(message.code), message.message));
        return;
      }
      case "partial":
        slot.jobs.get(message.id)?.options.onPartial?.(message.text);
        return;
      case "answer":
      case "error": {
        const job = slot.jobs.get(message.id);
        if (!job) return;
        slot.jobs.delete(message.id);
        finish(job, message.type === "answer" ? message.answer : new CitebotError(codeOf(message.code), message.message));
        dispatch();
        return;
      }
    }
  }

  function onExit(slot: Slot, code: number): void {
    slots.delete(slot);
    const failed = slot.jobs.size;
    const lost = new CitebotError(ErrorCode.EngineWorkerFailed, "The engine worker answering this question stopped. Please ask again.");
    for (const job of slot.jobs.values()) finish(job, lost);
    slot.jobs.clear();
    for (const waiting of slot.opening.values()) waiting.reject(new CitebotError(ErrorCode.EngineWorkerFailed, `an engine worker exited with code ${code} while opening the index`));
    slot.opening.clear();
    if (stopping) return;
    logger?.warn({ code, failedQuestions: failed }, "an engine worker stopped; starting another");
    replace();
  }

  function finish(job: Job, outcome: Answer | Error): void {
    job.detach();
    if (outcome instanceof Error) job.reject(outcome);
    else job.resolve(outcome);
  }

  function dispatch(): void {
    while (queue.length > 0) {
      const job = queue[0] as Job;
      let best: Slot | undefined;
      for (const slot of slots) {
        if (slot.ready && slot.opened.has(job.generation) && slot.jobs.size < perWorker && (!best || slot.jobs.size < best.jobs.size)) best = slot;
      }
      if (!best) return;
      queue.shift();
      best.jobs.set(job.id, job);
      const { history, extractiveOnly, onPartial, allowSources } = job.options;
      send(best, { type: "answer", id: job.id, generation: job.generation, question: job.question, history, extractiveOnly, ...(allowSources ? { allowSources: [...allowSources] } : {}), stream: onPartial !== undefined });
    }
  }

  /** The documents of a generation, read from its manifest the first time a question comes with a document filter. */
  function sourcesOf(generation: string): Promise<string[]> {
    const entry = generations.get(generation);
    if (!entry) return Promise.reject(new CitebotError(ErrorCode.EngineWorkerFailed, `generation ${generation} is not open`));
    entry.sources ??= readGenerationManifest(options.indexDir, entry.pointer).then((manifest) => manifest.documents.map((document) => document.source));
    return entry.sources;
  }

  async function answerOn(generation: string, question: string, given: AnswerOptions = {}): Promise<Answer> {
    // A function cannot cross to a worker thread: a document filter crosses as the list of the generation's sources it allows.
    const { allowSource, ...rest } = given;
    const answerOptions: AnswerOptions = allowSource ? { ...rest, allowSources: (await sourcesOf(generation)).filter(allowSource) } : rest;
    return answerOnWorker(generation, question, answerOptions);
  }

  function answerOnWorker(generation: string, question: string, answerOptions: AnswerOptions): Promise<Answer> {
    const { signal } = answerOptions;
    if (signal?.aborted) return Promise.reject(cancelled());
    // An option a worker would not receive must not be dropped silently.
    const unknown = Object.keys(answerOptions).filter((name) => !FORWARDED_OPTIONS.has(name));
    if (unknown.length > 0) return Promise.reject(new CitebotError(ErrorCode.Unknown, `The engine pool cannot pass ${unknown.join(", ")} to its workers`));
    if (stopping) return Promise.reject(new CitebotError(ErrorCode.EngineWorkerFailed, "The engine is shutting down."));
    const idle = [...slots].some((slot) => slot.ready && slot.jobs.size < perWorker);
    if (!idle && queue.length >= maxQueue) {
      return Promise.reject(new CitebotError(ErrorCode.Busy, "I'm answering as many questions as I can right now. Please try again in a moment."));
    }
    return new Promise<Answer>((resolve, reject) => {
      const id = nextId++;
      const onAbort = () => {
        const at = queue.indexOf(job);
        if (at >= 0) {
          queue.splice(at, 1);
          finish(job, cancelled());
          return;
        }
        for (const slot of slots) if (slot.jobs.has(id)) send(slot, { type: "abort", id });
      };
      const job: Job = { id, generation, question, options: answerOptions, resolve, reject, detach: () => signal?.removeEventListener("abort", onAbort) };
      signal?.addEventListener("abort", onAbort, { once: true });
      queue.push(job);
      dispatch();
    });
  }

  const view = (pointer: IndexPointer): GenerationEngine => {
    const entry = generations.get(pointer.generation);
    if (!entry) throw new Error(`generation ${pointer.generation} is not open in the pool`);
    return {
      generation: pointer.generation,
      pointer,
      verified: entry.verified,
      topics: () => entry.topics,
      answer: (question, answerOptions) => answerOn(pointer.generation, question, answerOptions),
      close: async () => {
        generations.delete(pointer.generation);
        for (const slot of slots) {
          slot.opened.delete(pointer.generation);
          send(slot, { type: "release", generation: pointer.generation });
        }
      },
    };
  };

  async function open(pointer: IndexPointer): Promise<GenerationEngine> {
    if (generations.has(pointer.generation)) return view(pointer);
    const live = [...slots];
    const opened = await Promise.allSettled(live.map((slot) => openOn(slot, pointer)));
    const failure = opened.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
    if (failure) {
      for (const slot of live) send(slot, { type: "release", generation: pointer.generation });
      throw failure.reason;
    }
    const topics = (opened[0] as PromiseFulfilledResult<Topic[]> | undefined)?.value ?? [];
    // The workers read only what they parse at open; the rest is checked here, once, off their threads.
    const verified = verifyGeneration(options.indexDir, pointer);
    verified.catch(() => undefined);
    generations.set(pointer.generation, { pointer, topics, verified });
    // A worker started while this one opened (a replacement) opens it too.
    for (const slot of slots) {
      if (!live.includes(slot) && slot.ready && !slot.opened.has(pointer.generation)) openOn(slot, pointer).catch(() => void slot.worker.terminate());
    }
    return view(pointer);
  }

  async function shutdown(): Promise<void> {
    stopping = true;
    const closed = new CitebotError(ErrorCode.EngineWorkerFailed, "The engine is shutting down.");
    for (const job of queue.splice(0)) finish(job, closed);
    await Promise.all([...slots].map((slot) => slot.worker.terminate()));
  }

  for (let i = 0; i < size; i++) spawn();
  try {
    const first = await open(options.pointer);
    for (const slot of slots) slot.ready = true;
    logger?.info({ workers: size, generation: first.generation }, "engine workers ready");
    return {
      ...first,
      open,
      shutdown,
      load: () => ({ queued: queue.length, answering: [...slots].reduce((sum, slot) => sum + slot.jobs.size, 0), workers: [...slots].filter((slot) => slot.ready).length }),
    };
  } catch (error) {
    await shutdown();
    throw error;
  }
}

/** What crosses to a worker: history and extractiveOnly as data, signal as an abort message, onPartial as partial messages. */
const FORWARDED_OPTIONS: ReadonlySet<string> = new Set(["history", "extractiveOnly", "signal", "onPartial", "allowSources", "allowSource"] satisfies Array<keyof AnswerOptions>);

function cancelled(): CitebotError {
  return new CitebotError(ErrorCode.AnswerTimeout, "The answer was cancelled");
}

function codeOf(code: string): ErrorCode {
  return (Object.values(ErrorCode) as string[]).includes(code) ? (code as ErrorCode) : ErrorCode.Unknown;
}
