import { clusteredVectors } from "./src/bench/synthetic-vectors.js";
import { exactTopK } from "./src/bench/exact-search.js";
import { recallAtK } from "./src/bench/recall.js";
import hnswlib from "hnswlib-node";
const N = Number(process.argv[2] ?? 10000); const Q = 200; const D = 512;
const opts = { rows: N, dimension: D, clusters: Math.max(10, Math.round(N / 500)), seed: 7, spread: Number(process.argv[3] ?? 0.9), noise: Number(process.argv[4] ?? 0.35) };
let t = performance.now();
const base = clusteredVectors(opts, { seed: 1, rows: N });
const queries = clusteredVectors(opts, { seed: 2, rows: Q });
console.log("gen ms", performance.now() - t);
t = performance.now();
const truth = []; const top1 = []; 
for (let q = 0; q < Q; q++) { const qv = queries.data.subarray(q * D, (q + 1) * D); const ids = exactTopK(base, qv, 10); truth.push(ids);
 let s = 0; for (let i = 0; i < D; i++) s += base.data[ids[0]! * D + i]! * qv[i]!; top1.push(s); let s10 = 0; for (let i = 0; i < D; i++) s10 += base.data[ids[9]! * D + i]! * qv[i]!; top1.push(s10); }
console.log("brute ms/query", (performance.now() - t) / Q, "top1/top10 cos sample", top1.slice(0, 10).map(x => x.toFixed(3)).join(" "));
let rnd = 0; for (let j = 0; j < 100; j++) { let s = 0; for (let i = 0; i < D; i++) s += base.data[j * D + i]! * base.data[(j + 777) * D + i]!; rnd += s; } console.log("mean random pair cos", rnd / 100);
const index = new hnswlib.HierarchicalNSW("cosine", D); index.initIndex(N, 16, 200, 100);
t = performance.now();
for (let r = 0; r < N; r++) index.addPoint(Array.from(base.data.subarray(r * D, (r + 1) * D)), r);
console.log("hnsw build ms", performance.now() - t);
for (const ef of [10, 16, 32, 64, 128, 256]) { index.setEf(ef); const found = []; t = performance.now(); for (let q = 0; q < Q; q++) found.push(index.searchKnn(Array.from(queries.data.subarray(q * D, (q + 1) * D)), 10).neighbors); console.log("ef", ef, "recall", recallAtK(found, truth, 10).toFixed(3), "ms/q", ((performance.now() - t) / Q).toFixed(3)); }
