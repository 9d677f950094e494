// Child process: opens the engine as `npm start` does on each engine thread (openGenerationEngine: the model loading
// beside the index, the persisted lexical index read, hashes checked in the background, one warm-up answer), reports
// when it could answer, its first answer and its memory then. Imports are dynamic so their cost is measured;
// performance.now() counts from this process's start.
const indexDir = process.argv[2] ?? "";
const { UseLiteEmbeddings } = await import("../src/index/embedder.js");
const { openGenerationEngine } = await import("../src/engine/generation-engine.js");
const importedAt = performance.now();
const embeddings = new UseLiteEmbeddings();
const engine = await openGenerationEngine(indexDir, embeddings, { maxSentences: 5, minEvidence: 0.35, efSearch: 64 });
const openedAt = performance.now();
process.stdout.write("ready\n");
const first = await engine.answer("Is Django a good fit for a high-traffic site?");
const answeredAt = performance.now();
const memory = process.memoryUsage();
const peakRssBytes = process.resourceUsage().maxRSS * 1024;
// The background hash check does not keep a process alive on its own.
const keepAlive = setInterval(() => undefined, 1_000);
await engine.verified;
clearInterval(keepAlive);
process.stdout.write(
  `report ${JSON.stringify({
    importsMs: importedAt,
    openMs: openedAt - importedAt,
    verifiedMs: performance.now() - openedAt,
    firstAnswerMs: answeredAt - openedAt,
    firstAnswerGrounded: first.grounded,
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    arrayBuffersBytes: memory.arrayBuffers,
    peakRssBytes,
  })}\n`,
);
process.exit(0);
