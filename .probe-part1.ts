import os from "node:os"; import fs from "node:fs/promises"; import path from "node:path";
import { measureVectorSearch } from "./src/bench/vector-search.js";
const workDir = await fs.mkdtemp(path.join(os.tmpdir(), "citebot-bench-probe-"));
const t = performance.now();
const r = await measureVectorSearch({ sizes: [2000, 10000], queries: 300, dimension: 512, k: 10, warmup: 20, memoryQueryCap: 300, efGrid: [10, 16, 24, 32, 48, 64, 96, 128], targetRecall: 0.95, tuning: { size: 10000, grid: [{ m: 8, efConstruction: 100 }, { m: 32, efConstruction: 200 }] }, workDir, timeoutMs: 300000, log: (l) => console.error(l) });
for (const run of r.runs) console.log(run.size, run.store, run.buildMs.toFixed(0), run.latency.p50.toFixed(3), run.latency.p99.toFixed(3), run.recall.toFixed(3), run.storeMb.toFixed(1), run.peakRssMb.toFixed(0), run.efSearch);
console.log(JSON.stringify(r.tuning.map(x => [x.m, x.efConstruction, x.buildMs|0, x.efSearch, x.recall, x.latency.p50.toFixed(3)])), JSON.stringify(r.data.geometry));
console.log("s", (performance.now() - t) / 1000);
await fs.rm(workDir, { recursive: true });
