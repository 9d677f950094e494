import fs from "node:fs/promises";
import path from "node:path";
import { matrixToBuffer } from "../src/index/vectors.js";
import { HNSW_PARAMS } from "../src/index/store.js";
import { describeGeometry, type Geometry } from "./geometry.js";
import { recallAtK } from "./recall.js";
import { runTsChild } from "./run-child.js";
import { type LatencySummary, summarise } from "./stats.js";
import { type ClusteredVectorsOptions, clusteredVectors } from "./synthetic-vectors.js";
import { type EfSweepPoint, type VectorJob, VectorJobResult } from "./vector-job.js";
import { type GraphParams, STORE_LABELS, type StoreKind } from "./vector-stores.js";

export interface VectorSearchPlan {
  sizes: number[];
  queries: number;
  dimension: number;
  k: number;
  warmup: number;
  /** How many of the queries MemoryVectorStore runs at a size: it scans every vector in JS per query. */
  memoryQueries: (size: number) => number;
  efGrid: number[];
  targetRecall: number;
  /** Other graph parameters tried with hnswlib-node directly at one size. */
  tuning?: { size: number; grid: GraphParams[] };
  workDir: string;
  timeoutMs: number;
  log: (line: string) => void;
}

export interface StoreRun {
  size: number;
  store: StoreKind;
  label: string;
  buildMs: number;
  latency: LatencySummary;
  recall: number;
  storeMb: number;
  peakRssMb: number;
  efSearch?: number;
  sweep: EfSweepPoint[];
}

export interface TuningRun extends GraphParams {
  size: number;
  buildMs: number;
  /** Smallest efSearch of the grid reaching the target recall (or the largest tried). */
  efSearch: number | undefined;
  recall: number;
  latency: LatencySummary;
}

export interface VectorSearchResult {
  dimension: number;
  queries: number;
  k: number;
  hnsw: GraphParams;
  data: { generator: string; clustersPerSize: Record<string, number>; geometry: Record<string, Geometry> };
  runs: StoreRun[];
  tuning: TuningRun[];
}

const MB = 1024 * 1024;

/** Part 1: each store in its own child process, per size, on the same synthetic vectors and queries. */
export async function measureVectorSearch(plan: VectorSearchPlan): Promise<VectorSearchResult> {
  const runs: StoreRun[] = [];
  const tuning: TuningRun[] = [];
  const clustersPerSize: Record<string, number> = {};
  const geometry: Record<string, Geometry> = {};
  for (const size of plan.sizes) {
    const shape = shapeFor(size, plan.dimension);
    clustersPerSize[size] = shape.clusters;
    const files = await writeVectors(plan.workDir, size, shape, plan.queries);
    const inputs = { baseFile: files.baseFile, queriesFile: files.queriesFile };
    plan.log(`vector search ${size.toLocaleString("en")}: exact search (the recall reference)…`);
    const exact = await runJob(plan, { kind: "exact", ...inputs, queryLimit: plan.queries });
    const truth = exact.ids;
    const truthFile = path.join(plan.workDir, `truth-${size}.json`);
    await fs.writeFile(truthFile, JSON.stringify(truth));
    geometry[size] = describeGeometry(files.base, files.queries, truth);
    runs.push(toRun(size, exact, truth));

    plan.log(`vector search ${size.toLocaleString("en")}: citebot hnswlib (M ${HNSW_PARAMS.m}, efConstruction ${HNSW_PARAMS.efConstruction}), efSearch sweep…`);
    runs.push(toRun(size, await runJob(plan, { kind: "hnswlib", ...inputs, queryLimit: plan.queries, truthFile, efGrid: plan.efGrid }), truth));

    const memoryQueries = Math.min(plan.queries, plan.memoryQueries(size));
    plan.log(`vector search ${size.toLocaleString("en")}: MemoryVectorStore (${memoryQueries} queries)…`);
    runs.push(toRun(size, await runJob(plan, { kind: "memory", ...inputs, queryLimit: memoryQueries }), truth));

    if (plan.tuning?.size === size) {
      for (const params of plan.tuning.grid) {
        plan.log(`vector search ${size.toLocaleString("en")}: tuning M ${params.m}, efConstruction ${params.efConstruction}…`);
        const result = await runJob(plan, { kind: "hnswlib-raw", params, ...inputs, queryLimit: plan.queries, truthFile, efGrid: plan.efGrid });
        tuning.push({ ...params, size, buildMs: result.buildMs, efSearch: result.efSearch, recall: recallAtK(result.ids, truth, plan.k), latency: summarise(result.latenciesMs) });
      }
    }
    await fs.rm(files.baseFile, { force: true });
  }
  return {
    dimension: plan.dimension,
    queries: plan.queries,
    k: plan.k,
    hnsw: { ...HNSW_PARAMS },
    data: { generator: "clusteredVectors (bench/synthetic-vectors.ts), seed 7", clustersPerSize, geometry },
    runs,
    tuning,
  };
}

/** Cluster count grows with N (about 500 vectors per cluster), as topics do in a growing corpus. */
export function shapeFor(size: number, dimension: number): ClusteredVectorsOptions {
  return { rows: size, dimension, clusters: Math.max(10, Math.round(size / 500)), seed: 7 };
}

async function writeVectors(workDir: string, size: number, shape: ClusteredVectorsOptions, queryCount: number) {
  const base = clusteredVectors(shape, { seed: 1_000 + size, rows: size });
  const queries = clusteredVectors(shape, { seed: 2_000 + size, rows: queryCount });
  const baseFile = path.join(workDir, `base-${size}.f32`);
  const queriesFile = path.join(workDir, `queries-${size}.f32`);
  await fs.writeFile(baseFile, matrixToBuffer(base));
  await fs.writeFile(queriesFile, matrixToBuffer(queries));
  return { base, queries, baseFile, queriesFile };
}

async function runJob(plan: VectorSearchPlan, job: Pick<VectorJob, "kind" | "baseFile" | "queriesFile" | "queryLimit"> & Partial<VectorJob>): Promise<VectorJobResult> {
  const outFile = path.join(plan.workDir, `result-${job.kind}-${Date.now()}.json`);
  const full: VectorJob = { dimension: plan.dimension, k: plan.k, warmup: plan.warmup, efGrid: [], targetRecall: plan.targetRecall, outFile, ...job };
  await runTsChild("vector-child.ts", [JSON.stringify(full)], { nodeFlags: ["--expose-gc"], timeoutMs: plan.timeoutMs });
  const result = VectorJobResult.parse(JSON.parse(await fs.readFile(outFile, "utf8")));
  await fs.rm(outFile, { force: true });
  return result;
}

function toRun(size: number, result: VectorJobResult, truth: number[][]): StoreRun {
  return {
    size,
    store: result.kind,
    label: STORE_LABELS[result.kind],
    buildMs: result.buildMs,
    latency: summarise(result.latenciesMs),
    recall: recallAtK(result.ids, truth.slice(0, result.ids.length), truth[0]?.length ?? 10),
    storeMb: result.memory.storeBytes / MB,
    peakRssMb: result.memory.peakRssBytes / MB,
    efSearch: result.efSearch,
    sweep: result.sweep,
  };
}
