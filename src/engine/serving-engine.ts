import { watchCurrent } from "../index/watch-current.js";
import { readPointer, type IndexPointer } from "../index/store.js";
import type { Logger } from "../logger.js";
import { cacheAnswers } from "./answer-cache.js";
import type { Engine } from "./answer.js";
import type { GenerationEngine } from "./generation-engine.js";
import { createReloadingEngine } from "./hot-reload.js";

/** The engine a running bot answers with: the generation serving now, and a close that stops what it started. */
export interface ServingEngine extends Engine {
  readonly generation: string;
  /** Stops watching the index, closes the generations once their answers finish, then stops what `stop` names (an engine pool). Once, however often called. */
  close(): Promise<void>;
}

export interface ServingEngineOptions {
  /** Watched for a new generation (hot reload); without it the first generation serves until close. */
  indexDir?: string;
  /** How often CURRENT is read besides file events (INDEX_POLL_MS). */
  pollMs?: number;
  /** Answers remembered for repeated questions per generation; 0 turns the cache off. */
  cacheEntries?: number;
  logger?: Logger;
  /** A served generation's files failed their background hash check. */
  onDamaged?: (error: Error, generation: string) => void;
}

export const defaultServingEngineOptions = { pollMs: 5_000, cacheEntries: 1_000 } as const satisfies ServingEngineOptions;

/**
 * Composes the answering parts: `first` (in-process or an engine pool's first generation) behind a reloading
 * engine that `open`s each new generation CURRENT names, behind the answer cache. `stop` runs last on close.
 */
export async function serveGenerations(
  first: GenerationEngine,
  open: (pointer: IndexPointer) => Promise<GenerationEngine>,
  options: ServingEngineOptions = {},
  stop: () => Promise<void> = async () => undefined,
): Promise<ServingEngine> {
  const { logger, indexDir } = options;
  const cacheEntries = options.cacheEntries ?? defaultServingEngineOptions.cacheEntries;
  const reloading = createReloadingEngine(first, { open, ...(logger ? { logger } : {}), ...(options.onDamaged ? { onDamaged: options.onDamaged } : {}) });
  const watcher = indexDir
    ? watchCurrent(indexDir, {
        pollMs: options.pollMs ?? defaultServingEngineOptions.pollMs,
        onChange: (pointer) => void reloading.reload(pointer),
        onError: (error) => logger?.warn({ err: error, indexDir }, "could not read the index folder's CURRENT; still serving the generation open now"),
      })
    : undefined;
  if (indexDir && watcher) {
    await watcher.ready;
    // An ingest that finished between opening the first generation and the watch starting reports no change: caught here.
    const now = await readPointer(indexDir).catch(() => undefined);
    if (now && now.generation !== first.generation) void reloading.reload(now);
  }
  let closing: Promise<void> | undefined;
  const answering = cacheEntries > 0 ? cacheAnswers(reloading, { maxEntries: cacheEntries }) : reloading;
  return {
    get generation() {
      return reloading.generation;
    },
    topics: () => answering.topics(),
    answer: (question, answerOptions) => answering.answer(question, answerOptions),
    close() {
      closing ??= (async () => {
        watcher?.close();
        await reloading.close();
        await stop();
      })();
      return closing;
    },
  };
}
