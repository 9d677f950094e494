import { createAppLogger, createEmbeddings, createGenerator, engineOptions, indexOptions } from "./app.js";
import type { Config } from "./config.js";
import { openGenerationEngine, type GenerationEngine } from "./engine/generation-engine.js";
import type { Generator } from "./engine/llm/generator.js";
import type { CitebotEmbeddings } from "./index/embedder.js";
import type { IndexPointer } from "./index/store.js";

/**
 * citebot's engine in a pool worker (the `replica` of startEnginePool): the same embedder, generator and settings
 * the main thread's Config gives, on the generation the pool names. The opt-in LLM generator runs here too: it is
 * I/O-bound, and keeping engine.answer whole keeps its citation checks and fallbacks in one place.
 */
export interface EngineReplicaData {
  config: Config;
}

let shared: Promise<{ embeddings: CitebotEmbeddings; generator: Generator | undefined }> | undefined;

export async function openReplica(data: unknown, pointer: IndexPointer): Promise<GenerationEngine> {
  const { config } = data as EngineReplicaData;
  const logger = createAppLogger(config).child({ component: "engine-worker" });
  shared ??= (async () => ({ embeddings: await createEmbeddings(config), generator: await createGenerator(config, logger.child({ component: "generator" })) }))();
  const { embeddings, generator } = await shared;
  return openGenerationEngine(config.INDEX_DIR, embeddings, { ...engineOptions(config), ...indexOptions(config) }, { pointer, verify: "opened-files", generator, logger });
}
