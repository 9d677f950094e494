import fs from "node:fs/promises";
import { bufferToMatrix, row, type VectorMatrix } from "../src/index/vectors.js";
import { recallAtK } from "./recall.js";
import { collectGarbage } from "./gc.js";
import { summarise } from "./stats.js";
import { type EfSweepPoint, NeighbourLists, VectorJob, type VectorJobResult } from "./vector-job.js";
import { createBenchStore, type BenchStore } from "./vector-stores.js";

// Child process: builds one store and times it, alone in its process, so its memory can be read off RSS.
const job = VectorJob.parse(JSON.parse(process.argv[2] ?? "{}"));
const queryMatrix = bufferToMatrix(await fs.readFile(job.queriesFile), job.dimension);
const queries = Array.from({ length: Math.min(job.queryLimit, queryMatrix.rows) }, (_, i) => Array.from(row(queryMatrix, i)));
const truth = job.truthFile ? NeighbourLists.parse(JSON.parse(await fs.readFile(job.truthFile, "utf8"))).slice(0, queries.length) : undefined;

collectGarbage();
const baselineRss = process.memoryUsage().rss;
const store = createBenchStore(job.kind, job.params);
let base: VectorMatrix | undefined = bufferToMatrix(await fs.readFile(job.baseFile), job.dimension);
const started = performance.now();
await store.build(base);
const buildMs = performance.now() - started;
base = undefined;
collectGarbage();
const storeBytes = process.memoryUsage().rss - baselineRss;

const sweep: EfSweepPoint[] = [];
let efSearch: number | undefined;
if (store.setEfSearch && truth && job.efGrid.length > 0) {
  for (const ef of job.efGrid) {
    store.setEfSearch(ef);
    const pass = await timedPass(store, queries, job.k);
    const { p50, p99 } = summarise(pass.latenciesMs);
    sweep.push({ efSearch: ef, recall: recallAtK(pass.ids, truth, job.k), p50, p99 });
  }
  efSearch = (sweep.find((point) => point.recall >= job.targetRecall) ?? sweep[sweep.length - 1])?.efSearch;
  if (efSearch !== undefined) store.setEfSearch(efSearch);
}

await timedPass(store, queries.slice(0, job.warmup), job.k);
const measured = await timedPass(store, queries, job.k);
const result: VectorJobResult = {
  kind: job.kind,
  buildMs,
  latenciesMs: measured.latenciesMs,
  ids: measured.ids,
  efSearch,
  sweep,
  memory: { storeBytes, rssAfterQueriesBytes: process.memoryUsage().rss, peakRssBytes: process.resourceUsage().maxRSS * 1024 },
};
await fs.writeFile(job.outFile, JSON.stringify(result));

async function timedPass(target: BenchStore, list: number[][], k: number): Promise<{ latenciesMs: number[]; ids: number[][] }> {
  const latenciesMs: number[] = [];
  const ids: number[][] = [];
  for (const query of list) {
    const t0 = performance.now();
    ids.push(await target.search(query, k));
    latenciesMs.push(performance.now() - t0);
  }
  return { latenciesMs, ids };
}
