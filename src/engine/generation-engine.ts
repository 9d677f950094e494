import type { CitebotEmbeddings } from "../index/embedder.js";
import type { VerifyMode } from "../index/open-generation.js";
import { openIndex, type IndexPointer } from "../index/store.js";
import type { Logger } from "../logger.js";
import type { Engine } from "./answer.js";
import { createEngine, type EngineOptions } from "./engine.js";
import { preloadEnglish } from "./english.js";
import type { Generator } from "./llm/generator.js";

/** An Engine bound to one index generation, closed once no answer uses it (hot reload swaps these). */
export interface GenerationEngine extends Engine {
  readonly generation: string;
  /** The pointer it was opened from: a replica (a worker thread) opens the same. */
  readonly pointer: IndexPointer;
  /** Settles once every file's hash has been checked; rejects with index_corrupt. Never left unhandled. */
  readonly verified: Promise<void>;
  /** Releases the generation's files; answers in flight must have finished. */
  close(): Promise<void>;
}

const WARM_UP_QUESTION = "How does this work?";

export interface GenerationEngineOptions {
  /** Default: the generation CURRENT names. */
  pointer?: IndexPointer;
  /** Default `background`: start-up reads what it parses, and the hashes of the files read on demand are checked after. */
  verify?: VerifyMode;
  generator?: Generator;
  logger?: Logger;
}

/**
 * Opens one generation and answers a first question, so the model's graph and the word lists are ready before a
 * user's (openEngine's warm-up); the start-up that does not grow with the corpus (see open-generation.ts).
 */
export async function openGenerationEngine(indexDir: string, embeddings: CitebotEmbeddings, settings: EngineOptions & { efSearch?: number }, options: GenerationEngineOptions = {}): Promise<GenerationEngine> {
  // The model loads and compiles its graph, and the word lists load, while hnswlib reads the graph on a libuv thread
  // and the hashes are computed on another: this thread is otherwise idle for much of the open.
  const warming = (async () => {
    await embeddings.embedQuery(WARM_UP_QUESTION);
    preloadEnglish();
  })();
  warming.catch(() => undefined);
  const { efSearch, ...engineOptions } = settings;
  const loaded = await openIndex(indexDir, embeddings, { ...(efSearch === undefined ? {} : { efSearch }), verify: options.verify ?? "background", ...(options.pointer ? { pointer: options.pointer } : {}) });
  try {
    await warming;
    const engine = createEngine({ index: loaded, embeddings, ...(options.generator ? { generator: options.generator } : {}), ...(options.logger ? { logger: options.logger } : {}) }, engineOptions);
    await engine.answer(WARM_UP_QUESTION, { extractiveOnly: true });
    options.logger?.debug({ generation: loaded.generation, chunks: loaded.chunks.length }, "index generation opened");
    // The model's run at every question length goes on beside the first questions rather than delaying readiness.
    embeddings.warmUp().catch((error: unknown) => options.logger?.warn({ err: error }, "could not warm the embedding model up"));
    return {
      answer: engine.answer,
      topics: engine.topics,
      generation: loaded.generation,
      pointer: loaded.pointer,
      verified: loaded.verified,
      close: async () => loaded.close(),
    };
  } catch (error) {
    loaded.close();
    throw error;
  }
}
