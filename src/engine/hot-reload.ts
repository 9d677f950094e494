import type { IndexPointer } from "../index/store.js";
import type { Logger } from "../logger.js";
import type { Answer, AnswerOptions, Engine } from "./answer.js";
import type { GenerationEngine } from "./generation-engine.js";

export interface ReloadingEngineOptions {
  /** Opens a generation: openGenerationEngine in-process, or an engine pool's `open`. */
  open: (pointer: IndexPointer) => Promise<GenerationEngine>;
  logger?: Logger;
  /** A served generation's files failed their background hash check: the composition root reports it and exits, as at start-up. */
  onDamaged?: (error: Error, generation: string) => void;
}

/** An Engine that swaps to a new index generation without a restart (see watchCurrent for what tells it). */
export interface ReloadingEngine extends Engine {
  readonly generation: string;
  /** Opens `pointer`'s generation and serves it; resolves with the generation serving after (the old one if the open failed). Never rejects. */
  reload(pointer: IndexPointer): Promise<string>;
  close(): Promise<void>;
}

interface Served {
  engine: GenerationEngine;
  inFlight: number;
  retired: boolean;
}

/**
 * Answers on the newest generation it opened. A swap is atomic for new questions: each takes the generation
 * current when it arrives, and answers in flight finish on the one they started on, which is closed after
 * the last. Reloads run one at a time; of several requested meanwhile only the latest is opened.
 */
export function createReloadingEngine(first: GenerationEngine, options: ReloadingEngineOptions): ReloadingEngine {
  const { logger } = options;
  let current: Served = watch({ engine: first, inFlight: 0, retired: false });
  let running: Promise<string> | undefined;
  let wanted: IndexPointer | undefined;
  logger?.info({ generation: first.generation }, `serving index generation ${first.generation}`);

  function watch(served: Served): Served {
    served.engine.verified.catch((error: unknown) => {
      logger?.error({ generation: served.engine.generation, err: error }, "index files failed their integrity check");
      options.onDamaged?.(error as Error, served.engine.generation);
    });
    return served;
  }

  async function retire(served: Served): Promise<void> {
    served.retired = true;
    if (served.inFlight === 0) await closeQuietly(served);
  }

  async function closeQuietly(served: Served): Promise<void> {
    await served.engine.close().catch((error: unknown) => logger?.warn({ generation: served.engine.generation, err: error }, "could not close a retired index generation"));
  }

  async function swapTo(pointer: IndexPointer): Promise<string> {
    if (pointer.generation === current.engine.generation) return current.engine.generation;
    let engine: GenerationEngine;
    try {
      engine = await options.open(pointer);
    } catch (error) {
      logger?.error({ generation: pointer.generation, serving: current.engine.generation, err: error }, `could not open index generation ${pointer.generation}; still serving ${current.engine.generation}`);
      return current.engine.generation;
    }
    const previous = current;
    current = watch({ engine, inFlight: 0, retired: false });
    logger?.info({ generation: engine.generation, previous: previous.engine.generation }, `serving index generation ${engine.generation}`);
    await retire(previous);
    return engine.generation;
  }

  function reload(pointer: IndexPointer): Promise<string> {
    wanted = pointer;
    running ??= (async () => {
      let serving = current.engine.generation;
      while (wanted) {
        const next = wanted;
        wanted = undefined;
        serving = await swapTo(next);
      }
      running = undefined;
      return serving;
    })();
    return running;
  }

  return {
    get generation() {
      return current.engine.generation;
    },
    topics: () => current.engine.topics(),
    async answer(question: string, answerOptions?: AnswerOptions): Promise<Answer> {
      const served = current;
      served.inFlight++;
      try {
        return await served.engine.answer(question, answerOptions);
      } finally {
        served.inFlight--;
        if (served.retired && served.inFlight === 0) await closeQuietly(served);
      }
    },
    reload,
    async close() {
      await running;
      await retire(current);
    },
  };
}
