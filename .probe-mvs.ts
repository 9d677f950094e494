import { MemoryVectorStore } from "@langchain/classic/vectorstores/memory";
import { Document } from "@langchain/core/documents";
import { UseLiteEmbeddings } from "./src/index/embedder.js";
import { clusteredVectors } from "./src/bench/synthetic-vectors.js";
import { exactTopK } from "./src/bench/exact-search.js";
import { recallAtK } from "./src/bench/recall.js";
const N = Number(process.argv[2] ?? 10000); const Q = 30; const D = 512;
const opts = { rows: N, dimension: D, clusters: Math.max(10, Math.round(N / 500)), seed: 7 };
const base = clusteredVectors(opts, { seed: 1, rows: N }); const queries = clusteredVectors(opts, { seed: 2, rows: Q });
const rss0 = process.memoryUsage().rss;
let t = performance.now();
const store = new MemoryVectorStore(new UseLiteEmbeddings());
const vecs: number[][] = []; const docs: Document[] = [];
for (let r = 0; r < N; r++) { vecs.push(Array.from(base.data.subarray(r * D, (r + 1) * D))); docs.push(new Document({ pageContent: "", metadata: { index: r } })); }
await store.addVectors(vecs, docs);
console.log("build ms", performance.now() - t, "rss MB", (process.memoryUsage().rss - rss0) / 1e6);
const found = [], truth = [], times = [];
for (let q = 0; q < Q; q++) { const qv = Array.from(queries.data.subarray(q * D, (q + 1) * D)); truth.push(exactTopK(base, qv, 10));
  t = performance.now(); const res = await store.similaritySearchVectorWithScore(qv, 10); times.push(performance.now() - t); found.push(res.map(([d]) => d.metadata.index as number)); }
times.sort((a, b) => a - b); console.log("p50", times[15], "max", times[Q - 1], "recall", recallAtK(found, truth, 10));
