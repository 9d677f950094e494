// Embedding throughput on one core and on two, side by side: each variant in turn, `rounds` times, medians.
// Raw: the texts ingest embeds for a corpus, in one embedDocuments call, on this thread or 2 worker threads.
// Ingest: a full ingest of the corpus into an empty folder with `workers` 1 (this thread) or 2.
// Usage: node --import tsx scripts/perf/embed-throughput.ts [corpus dir] [rounds]
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { chunkByHeadings } from "../../src/corpus/chunk.js";
import { loadCorpus } from "../../src/corpus/load-corpus.js";
import { UseLiteEmbeddings } from "../../src/index/embedder.js";
import { chunkEmbeddingText, headingEmbeddingText, unitEmbeddingText } from "../../src/index/embedding-text.js";
import { ingest } from "../../src/index/ingest.js";
import { silentLogger } from "../../src/logger.js";

const corpusDir = process.argv[2] ?? "corpus";
const rounds = Number(process.argv[3] ?? 3);
const corpus = await loadCorpus(corpusDir, { maxFileBytes: 2_000_000 });
const chunks = corpus.documents.flatMap((document) => chunkByHeadings(document, 1_500));
const texts = chunks.flatMap((chunk) => [chunkEmbeddingText(chunk), headingEmbeddingText(chunk), ...chunk.units.map((unit) => unitEmbeddingText(chunk, unit))]);

interface Run { label: string; ms: number; cpuMs: number }
const runs: Run[] = [];
const timed = async (label: string, job: () => Promise<unknown>) => {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await job();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  runs.push({ label, ms, cpuMs: (used.user + used.system) / 1000 });
  console.log(`${label}: ${ms.toFixed(0)} ms, ${((texts.length / ms) * 1000).toFixed(1)} texts/s, cpu ${((used.user + used.system) / 1000 / ms).toFixed(2)} cores`);
};

console.log(`${texts.length} texts from ${chunks.length} chunks of ${corpusDir}; ${os.availableParallelism()} cores; load ${os.loadavg().map((v) => v.toFixed(2)).join(" ")}`);
const embedders = { "raw, this thread": new UseLiteEmbeddings(), "raw, 2 workers": new UseLiteEmbeddings({ workers: 2 }) };
for (const embedder of Object.values(embedders)) await embedder.embedDocuments(texts.slice(0, 200)); // first pass over new shapes, untimed
const scratch = await fs.mkdtemp(path.join(os.tmpdir(), "citebot-throughput-"));
for (let round = 0; round < rounds; round++) {
  for (const [label, embedder] of Object.entries(embedders)) await timed(label, () => embedder.embedDocuments(texts));
  for (const workers of [1, 2]) {
    const embeddings = new UseLiteEmbeddings({ workers });
    const indexDir = path.join(scratch, `index-${round}-${workers}`);
    await timed(workers === 1 ? "ingest, this thread" : "ingest, 2 workers", () => ingest({ corpusDir, indexDir, maxFileBytes: 2_000_000, chunkMaxChars: 1_500, embeddings, logger: silentLogger() }));
    await embeddings.release();
  }
}
await Promise.all(Object.values(embedders).map((embedder) => embedder.release()));
await fs.rm(scratch, { recursive: true, force: true });
const median = (label: string, key: "ms" | "cpuMs") => {
  const values = runs.filter((run) => run.label === label).map((run) => run[key]).sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)] ?? 0;
};
console.log(`load at end ${os.loadavg().map((v) => v.toFixed(2)).join(" ")}`);
const base = median("raw, this thread", "ms");
for (const label of [...new Set(runs.map((run) => run.label))]) {
  const ms = median(label, "ms");
  console.log(`median ${label}: ${ms.toFixed(0)} ms, ${((texts.length / ms) * 1000).toFixed(1)} texts/s, ${(base / ms).toFixed(2)}× this thread, cpu ${(median(label, "cpuMs") / ms).toFixed(2)} cores`);
}
