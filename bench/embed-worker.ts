import { parentPort } from "node:worker_threads";
import { UseLiteEmbeddings } from "../src/index/embedder.js";

// Worker thread: one more embedder instance, so raw throughput on both cores can be measured.
const embeddings = new UseLiteEmbeddings();
await embeddings.load();
await embeddings.embedDocuments(["warm up the model"]);
parentPort?.postMessage({ type: "ready" });
parentPort?.on("message", (texts: string[]) => {
  void embeddings.embedDocuments(texts).then((vectors) => parentPort?.postMessage({ type: "done", count: vectors.length }));
});
