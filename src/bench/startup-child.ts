// Child process: starts the engine as `npm start` does and reports when it could answer, and its memory then.
// Imports are dynamic so their cost is measured; performance.now() counts from this process's start.
const indexDir = process.argv[2] ?? "";
const { UseLiteEmbeddings } = await import("../index/embedder.js");
const { openEngine } = await import("../engine/engine.js");
const { silentLogger } = await import("../logger.js");
const importedAt = performance.now();
const embeddings = new UseLiteEmbeddings();
await embeddings.load();
const modelAt = performance.now();
const engine = await openEngine(indexDir, embeddings, { maxSentences: 5, minEvidence: 0.5, efSearch: 64 }, silentLogger());
const openedAt = performance.now();
process.stdout.write("ready\n");
const first = await engine.answer("Is Django a good fit for a high-traffic site?");
const answeredAt = performance.now();
const memory = process.memoryUsage();
process.stdout.write(
  `report ${JSON.stringify({
    importsMs: importedAt,
    modelMs: modelAt - importedAt,
    openMs: openedAt - modelAt,
    firstAnswerMs: answeredAt - openedAt,
    firstAnswerGrounded: first.grounded,
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    externalBytes: memory.external + memory.arrayBuffers,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  })}\n`,
);
