import type { Config } from "../config.js";
import { createEmbeddings } from "../index/create-embeddings.js";
import type { CitebotEmbeddings } from "../index/embedder.js";
import type { IndexPointer } from "../index/store.js";
import { createLogger } from "../logger.js";
import { engineSettings } from "./engine.js";
import { openGenerationEngine, type GenerationEngine } from "./generation-engine.js";
import { createGenerator, type Generator } from "./llm/create-generator.js";

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
  const logger = createLogger({ level: config.LOG_LEVEL }).child({ component: "engine-worker" });
  shared ??= (async () => ({ embeddings: await createEmbeddings(config), generator: await createGenerator(config, logger.child({ component: "generator" })) }))();
  const { embeddings, generator } = await shared;
  return openGenerationEngine(config.INDEX_DIR, embeddings, engineSettings(config), { pointer, verify: "opened-files", generator, logger });
}
