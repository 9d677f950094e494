import { parentPort, workerData } from "node:worker_threads";
import { z } from "zod";
import { openEngine } from "../src/app.js";
import { UseLiteEmbeddings } from "../src/index/embedder.js";
import { silentLogger } from "../src/logger.js";

// Worker thread for the chat-load experiment: the engine answers here, off the thread that acks Slack.
const Data = z.object({ indexDir: z.string(), settings: z.object({ maxSentences: z.number(), minEvidence: z.number(), docsBaseUrl: z.string().optional(), efSearch: z.number() }) });
const Request = z.object({ id: z.number(), question: z.string() });
const { indexDir, settings } = Data.parse(workerData);
const embeddings = new UseLiteEmbeddings();
await embeddings.load();
const engine = await openEngine({ indexDir, embeddings, logger: silentLogger() }, settings);
parentPort?.postMessage({ type: "ready", topics: engine.topics() });
parentPort?.on("message", (message: unknown) => {
  const { id, question } = Request.parse(message);
  engine.answer(question).then(
    (answer) => parentPort?.postMessage({ type: "answer", id, answer }),
    (error: unknown) => parentPort?.postMessage({ type: "error", id, message: (error as Error).message }),
  );
});
