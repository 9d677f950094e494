import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../src/config.js";
import { defaultEngineWorkers, engineOptions } from "../src/app.js";
import { createEngine } from "../src/engine/engine.js";
import { UseLiteEmbeddings } from "../src/index/embedder.js";
import { buildLexicalIndex } from "../src/index/lexical.js";
import { openIndex } from "../src/index/store.js";
import { toMatrix } from "../src/index/vectors.js";
import { measureAnswerPath } from "./answer-path.js";
import { measureChatLoad } from "./chat-load.js";
import { exactTopK } from "./exact-search.js";
import { describeGeometry } from "./geometry.js";
import { measureIngest, type IngestRun } from "./ingest-throughput.js";
import { latencyChartSvg, type LatencySeries } from "./latency-svg.js";
import { describeMachine, loadAverageNow } from "./machine.js";
import { measureParallelEmbed, type ParallelEmbedRun } from "./parallel-embed.js";
import { BENCH_QUESTIONS } from "./questions.js";
import { reportMarkdown } from "./report-markdown.js";
import type { BenchMode, BenchResults } from "./results.js";
import { measureStartup, type StartupRun } from "./startup.js";
import { type SyntheticIndexSummary, writeSyntheticIndex } from "./synthetic-index.js";
import { measureAnswerCache } from "./answer-cache.js";
import { checkTargets } from "./targets.js";
import { measureVectorSearch, type VectorSearchPlan } from "./vector-search.js";
import { writeVariedCorpus } from "./varied-corpus.js";

export interface BenchPlan {
  vector: Omit<VectorSearchPlan, "workDir" | "log">;
  answerRounds: number;
  /**
   * Corpus sizes for ingest, in copies of the corpus (1 = the corpus itself), how often each is repeated,
   * and whether an untimed ingest goes first (the larger copies reuse the shapes the corpus warmed up).
   */
  ingest: Array<{ copies: number; repeats: number; warmUp: boolean }>;
  parallelWorkers: number[];
  chatConcurrent: number;
  startupRepeats: number;
  /** Synthetic index sizes for the start-up and memory curve. */
  syntheticChunks: number[];
}

const EF_GRID = [10, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256];

/** Full: the sizes the issue asks for plus two more points for the curve, inside ~15 min on 2 cores. Quick: under a minute. */
export function planFor(mode: BenchMode): BenchPlan {
  if (mode === "quick") {
    return {
      vector: { sizes: [1_000, 10_000], queries: 200, dimension: 512, k: 10, warmup: 20, memoryQueries: () => 200, efGrid: [10, 16, 32, 64], targetRecall: 0.95, timeoutMs: 120_000 },
      answerRounds: 2,
      ingest: [{ copies: 1, repeats: 1, warmUp: true }],
      parallelWorkers: [],
      chatConcurrent: 50,
      startupRepeats: 1,
      syntheticChunks: [10_000],
    };
  }
  return {
    vector: {
      sizes: [1_000, 10_000, 30_000, 100_000],
      queries: 1_000,
      dimension: 512,
      k: 10,
      warmup: 20,
      // A MemoryVectorStore query scans every vector (~150 ms at 100k here): 250 queries keep that store near 40 s.
      memoryQueries: (size) => (size <= 10_000 ? 1_000 : 250),
      efGrid: EF_GRID,
      targetRecall: 0.95,
      tuning: {
        size: 10_000,
        grid: [
          { m: 8, efConstruction: 100 },
          { m: 8, efConstruction: 200 },
          { m: 16, efConstruction: 100 },
          { m: 16, efConstruction: 200 },
          { m: 32, efConstruction: 200 },
        ],
      },
      timeoutMs: 600_000,
    },
    answerRounds: 5,
    ingest: [
      { copies: 1, repeats: 3, warmUp: true },
      { copies: 20, repeats: 1, warmUp: false },
    ],
    parallelWorkers: [1, 2],
    chatConcurrent: 50,
    startupRepeats: 3,
    syntheticChunks: [10_000, 30_000, 100_000],
  };
}

export interface RunBenchOptions {
  mode: BenchMode;
  corpusDir: string;
  outDir: string;
  keepTemp: boolean;
  log: (line: string) => void;
}

export async function runBench(options: RunBenchOptions): Promise<BenchResults> {
  const { log } = options;
  const plan = planFor(options.mode);
  const started = Date.now();
  const machine = describeMachine();
  // Defaults only: a local .env must not change what the published figures measure.
  const config = loadConfig({});
  const settings = { maxFileBytes: config.MAX_FILE_BYTES, chunkMaxChars: config.CHUNK_MAX_CHARS };
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), "citebot-bench-"));
  try {
    log(`work folder ${workDir}`);
    const vectorSearch = await measureVectorSearch({ ...plan.vector, workDir, log });
    const partDone = (part: string) => {
      machine.loadAverageByPart[part] = loadAverageNow();
    };
    partDone("1 vector search");

    log("loading the embedding model…");
    const embeddings = new UseLiteEmbeddings();
    await embeddings.load();
    await embeddings.embedDocuments(["warm up the model", "and its batch path"]);

    const ingestRuns: IngestRun[] = [];
    let corpusIndexDir = "";
    let corpusTexts: string[] = [];
    for (const { copies, ...repeat } of plan.ingest) {
      const label = copies === 1 ? "corpus" : `${copies}× corpus`;
      const corpusDir = copies === 1 ? options.corpusDir : path.join(workDir, `corpus-${copies}x`);
      if (copies > 1) await writeVariedCorpus(options.corpusDir, corpusDir, copies, copies);
      log(`ingest: ${label}…`);
      const measured = await measureIngest(label, corpusDir, workDir, embeddings, settings, repeat);
      ingestRuns.push(measured.run);
      if (copies === 1) {
        corpusIndexDir = measured.indexDir;
        corpusTexts = measured.texts;
      } else {
        await fs.rm(measured.indexDir, { recursive: true, force: true });
      }
    }
    partDone("3 ingest");
    const parallelEmbed: ParallelEmbedRun[] = [];
    for (const workers of plan.parallelWorkers) {
      log(`raw embedding on ${workers} worker thread(s)…`);
      parallelEmbed.push(await measureParallelEmbed(corpusTexts, workers));
    }

    partDone("3b parallel embedding");
    log("answer path…");
    const loaded = await openIndex(corpusIndexDir, embeddings, { efSearch: config.HNSW_EF_SEARCH });
    const engine = createEngine({ index: loaded, embeddings }, engineOptions(config));
    const answerPath = await measureAnswerPath(engine, buildLexicalIndex(loaded.chunks), BENCH_QUESTIONS, plan.answerRounds);
    const answerCache = await measureAnswerCache(engine, BENCH_QUESTIONS);
    const questionVectors = toMatrix(await Promise.all(BENCH_QUESTIONS.map((question) => embeddings.embedQuery(question))), embeddings.dimension);
    const questionTruth = BENCH_QUESTIONS.map((_, q) => exactTopK(loaded.unitVectors, questionVectors.data.subarray(q * questionVectors.dimension, (q + 1) * questionVectors.dimension), 10));
    const corpusGeometry = describeGeometry(loaded.unitVectors, questionVectors, questionTruth);

    partDone("2 answer path");
    log(`Slack load: ${plan.chatConcurrent} concurrent /ask…`);
    const chatLoad = await measureChatLoad(corpusIndexDir, path.join(workDir, "data"), BENCH_QUESTIONS, plan.chatConcurrent, { workers: defaultEngineWorkers() });
    log("Slack load, for comparison: the engine on the main thread (ENGINE_WORKERS=0)…");
    const chatExperiments = [await measureChatLoad(corpusIndexDir, path.join(workDir, "data"), BENCH_QUESTIONS, plan.chatConcurrent, { workers: 0 })];

    partDone("4 Slack load");
    log("start-up with the corpus index…");
    const startups: StartupRun[] = [await measureStartup("corpus", corpusIndexDir, loaded.chunks.length, plan.startupRepeats, 120_000)];
    const syntheticIndexes: SyntheticIndexSummary[] = [];
    for (const size of plan.syntheticChunks) {
      log(`writing a ${size.toLocaleString("en")}-chunk index…`);
      const syntheticDir = path.join(workDir, `index-synthetic-${size}`);
      const syntheticIndex = await writeSyntheticIndex(syntheticDir, loaded, size, embeddings, 11);
      syntheticIndexes.push(syntheticIndex);
      log(`start-up with the ${size.toLocaleString("en")}-chunk index…`);
      startups.push(await measureStartup(`${size / 1000}k-chunk synthetic`, syntheticDir, syntheticIndex.chunks, 1, 600_000));
      await fs.rm(syntheticDir, { recursive: true, force: true });
    }
    partDone("5 process cost");

    machine.loadAverageAtEnd = loadAverageNow();
    const partial: Omit<BenchResults, "targets"> = {
      schemaVersion: 1,
      mode: options.mode,
      command: options.mode === "quick" ? "npm run bench -- --quick" : "npm run bench",
      startedAt: new Date(started).toISOString(),
      durationS: (Date.now() - started) / 1000,
      machine,
      settings: { ...settings, efSearchDefault: config.HNSW_EF_SEARCH },
      vectorSearch,
      answerPath: { ...answerPath, corpusGeometry },
      ingest: { runs: ingestRuns, parallelEmbed },
      chatLoad,
      chatExperiments,
      answerCache,
      process: { startups, syntheticIndexes },
    };
    const results: BenchResults = { ...partial, targets: checkTargets(partial) };
    await writeOutputs(results, options.outDir);
    return results;
  } finally {
    if (options.keepTemp) log(`kept ${workDir}`);
    else await fs.rm(workDir, { recursive: true, force: true });
  }
}

const SVG_NAME = "latency.svg";
const CHART_LINES = {
  hnswlib: { name: "citebot (hnswlib)", color: "#1f6fb4" },
  exact: { name: "exact (Float32Array scan)", color: "#2a9d3a" },
  memory: { name: "LangChain MemoryVectorStore", color: "#d1452f" },
} as const;

async function writeOutputs(results: BenchResults, outDir: string): Promise<void> {
  await fs.mkdir(outDir, { recursive: true });
  const series: LatencySeries[] = (["hnswlib", "exact", "memory"] as const).map((store) => ({
    ...CHART_LINES[store],
    points: results.vectorSearch.runs.filter((run) => run.store === store).map((run) => ({ size: run.size, p50: run.latency.p50, p99: run.latency.p99 })),
  }));
  const svg = latencyChartSvg(series, { title: `Top-10 query latency vs index size (${results.vectorSearch.dimension}-d, ${results.machine.cores} cores)` });
  await fs.writeFile(path.join(outDir, SVG_NAME), svg);
  await fs.writeFile(path.join(outDir, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  await fs.writeFile(path.join(outDir, "report.md"), reportMarkdown(results, SVG_NAME));
}
