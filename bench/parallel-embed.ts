import { UseLiteEmbeddings } from "../src/index/embedder.js";

export interface ParallelEmbedRun {
  workers: number;
  texts: number;
  ms: number;
}

/**
 * Embedding of `texts` as ingest embeds them: UseLiteEmbeddings with `workers` threads (src/index/embed-pool.ts;
 * one model each, since the wasm backend ships without threads), 1 = in-process. An untimed pass first.
 */
export async function measureParallelEmbed(texts: readonly string[], workers: number): Promise<ParallelEmbedRun> {
  const embeddings = new UseLiteEmbeddings({ workers });
  try {
    await embeddings.embedDocuments([...texts]);
    const started = performance.now();
    await embeddings.embedDocuments([...texts]);
    return { workers, texts: texts.length, ms: performance.now() - started };
  } finally {
    await embeddings.release();
  }
}
