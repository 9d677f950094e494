// Child process: starts the engine as `npm start` does and reports when it could answer, and its memory then.
// Imports are dynamic so their cost is measured; performance.now() counts from this process's start.
const indexDir = process.argv[2] ?? "";
const { UseLiteEmbeddings } = await import("../src/index/embedder.js");
const { createEngine } = await import("../src/engine/engine.js");
const { openIndex } = await import("../src/index/store.js");
const importedAt = performance.now();
const embeddings = new UseLiteEmbeddings();
await embeddings.load();
const modelAt = performance.now();
// openEngine's two steps, timed apart: reading and checking the index, then building BM25 and the topic list.
const settings = { maxSentences: 5, minEvidence: 0.5, efSearch: 64 };
const loaded = await openIndex(indexDir, embeddings, { efSearch: settings.efSearch });
const loadedAt = performance.now();
const engine = createEngine({ index: loaded, embeddings }, settings);
const openedAt = performance.now();
process.stdout.write("ready\n");
const first = await engine.answer("Is Django a good fit for a high-traffic site?");
const answeredAt = performance.now();
const memory = process.memoryUsage();
const peakRssBytes = process.resourceUsage().maxRSS * 1024;
// createEngine's BM25 build, timed again on its own (after the memory reading) to split createEngine's time.
const { buildLexicalIndex } = await import("../src/index/lexical.js");
const bm25Started = performance.now();
buildLexicalIndex(loaded.chunks);
const bm25BuildMs = performance.now() - bm25Started;
process.stdout.write(
  `report ${JSON.stringify({
    importsMs: importedAt,
    modelMs: modelAt - importedAt,
    openMs: openedAt - modelAt,
    indexLoadMs: loadedAt - modelAt,
    engineBuildMs: openedAt - loadedAt,
    firstAnswerMs: answeredAt - openedAt,
    firstAnswerGrounded: first.grounded,
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    arrayBuffersBytes: memory.arrayBuffers,
    peakRssBytes,
    bm25BuildMs,
  })}\n`,
);
