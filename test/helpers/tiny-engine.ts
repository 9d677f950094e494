import path from "node:path";
import { engineOptions, indexOptions } from "../../src/app.js";
import { type GenerationEngine, openGenerationEngine } from "../../src/engine/generation-engine.js";
import { deriveEngineFiles } from "../../src/engine/prepared-index.js";
import { ingest } from "../../src/index/ingest.js";
import { silentLogger } from "../../src/logger.js";
import { HashedBagOfWords } from "./hashed-embeddings.js";
import { DEFAULTS } from "./real-corpus.js";
import { makeTempDir, writeFiles } from "./temp-dir.js";
import { TINY_CORPUS } from "./tiny-corpus.js";

/** The engine over the tiny corpus (plus `extra` files), ingested with the hashed test embedder in milliseconds. */
export async function openTinyEngine(name: string, extra: Record<string, string> = {}): Promise<{ engine: GenerationEngine; close(): Promise<void> }> {
  const dir = await makeTempDir(name);
  const corpusDir = path.join(dir.path, "corpus");
  const indexDir = path.join(dir.path, "index");
  await writeFiles(corpusDir, { ...TINY_CORPUS, ...extra });
  const embeddings = new HashedBagOfWords();
  await ingest({ corpusDir, indexDir, embeddings, logger: silentLogger(), derive: deriveEngineFiles });
  const engine = await openGenerationEngine(indexDir, embeddings, { ...engineOptions(DEFAULTS), ...indexOptions(DEFAULTS) });
  return {
    engine,
    async close() {
      await engine.close();
      await dir.remove();
    },
  };
}
