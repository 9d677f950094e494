// Child process: opens an index as a bot would (openGenerationEngine: open, build, one warm-up answer) and reports
// when it was ready, how long its first question took, and its memory then. Imports are dynamic so their cost is
// measured; performance.now() counts from this process's start.
// Usage: node --import tsx scripts/perf/startup-child.ts <index dir> [background|before-open]
const indexDir = process.argv[2] ?? "";
const verify = (process.argv[3] ?? "background") as "before-open" | "background";
const { UseLiteEmbeddings } = await import("../../src/index/embedder.js");
const { openGenerationEngine } = await import("../../src/engine/generation-engine.js");
const importedAt = performance.now();
// The model loads inside openGenerationEngine, beside the index, as it would in the bot.
const embeddings = new UseLiteEmbeddings();
const engine = await openGenerationEngine(indexDir, embeddings, { maxSentences: 5, minEvidence: 0.35, efSearch: 64 }, { verify });
const readyAt = performance.now();
process.stdout.write("ready\n");
const first = await engine.answer("Is Django a good fit for a high-traffic site?");
const answeredAt = performance.now();
const memory = process.memoryUsage();
const later: number[] = [];
for (const question of ["Which big websites run on Django?", "Why did Discord choose Elixir?", "What is fault tolerance?", "How do I renew my passport?", "When should I not use a web framework?"]) {
  const started = performance.now();
  await engine.answer(question);
  later.push(performance.now() - started);
}
// The hashing thread does not keep a process alive on its own (a CLI command must not wait for it).
const keepAlive = setInterval(() => undefined, 1_000);
await engine.verified;
clearInterval(keepAlive);
const verifiedAt = performance.now();
process.stdout.write(
  `report ${JSON.stringify({
    importsMs: importedAt,
    openMs: readyAt - importedAt,
    readyMs: readyAt,
    firstAnswerMs: answeredAt - readyAt,
    nextAnswersMedianMs: later.sort((a, b) => a - b)[2],
    grounded: first.grounded,
    rssMb: memory.rss / 2 ** 20,
    heapMb: memory.heapUsed / 2 ** 20,
    arrayBuffersMb: memory.arrayBuffers / 2 ** 20,
    peakRssMb: (process.resourceUsage().maxRSS * 1024) / 2 ** 20,
    verifiedAfterReadyMs: verifiedAt - readyAt,
  })}\n`,
);
