import type { BenchResults } from "./results.js";
import { STORE_LABELS } from "./vector-stores.js";
import { mb, ms, percent, ratio } from "./table.js";

const MB = 1024 * 1024;

export interface BenchTable {
  title: string;
  headers: string[];
  rows: string[][];
}

/** The tables both the terminal summary and bench/report.md show. */
export function benchTables(results: BenchResults): BenchTable[] {
  const tables: BenchTable[] = [];
  tables.push({
    title: "Targets (issues 5 and 14)",
    headers: ["target", "measured", "met", "margin"],
    rows: results.targets.map((check) => [check.target, check.measured, check.met ? "yes" : "NO", check.margin]),
  });

  const vs = results.vectorSearch;
  const memoryP50 = new Map(vs.runs.filter((run) => run.store === "memory").map((run) => [run.size, run.latency.p50]));
  tables.push({
    title: `1. Vector search: ${vs.dimension}-d synthetic clustered vectors, ${vs.queries.toLocaleString("en")} queries, top ${vs.k}`,
    headers: ["vectors", "store", "build", "p50", "p99", "recall@10", "store RSS", "peak RSS", "queries", "MVS p50 ÷ this p50"],
    rows: vs.runs.map((run) => [
      run.size.toLocaleString("en"),
      `${STORE_LABELS[run.store]}${run.efSearch ? ` (efSearch ${run.efSearch})` : ""}`,
      ms(run.buildMs),
      ms(run.latency.p50),
      ms(run.latency.p99),
      run.recall.toFixed(3),
      mb(run.storeMb),
      mb(run.peakRssMb),
      String(run.latency.n),
      ratio((memoryP50.get(run.size) ?? Number.NaN) / run.latency.p50),
    ]),
  });
  const sweepSizes = vs.runs.filter((run) => run.store === "hnswlib" && run.sweep.length > 0);
  if (sweepSizes.length > 0) {
    const grid = sweepSizes[0]?.sweep.map((point) => point.efSearch) ?? [];
    tables.push({
      title: `1b. hnswlib efSearch sweep (M ${vs.hnsw.m}, efConstruction ${vs.hnsw.efConstruction}): recall@10 / p50`,
      headers: ["efSearch", ...sweepSizes.map((run) => `${run.size.toLocaleString("en")} vectors`)],
      rows: grid.map((ef) => [
        String(ef),
        ...sweepSizes.map((run) => {
          const point = run.sweep.find((entry) => entry.efSearch === ef);
          return point ? `${point.recall.toFixed(3)} / ${ms(point.p50)}` : "";
        }),
      ]),
    });
  }
  if (vs.tuning.length > 0) {
    tables.push({
      title: `1c. hnswlib graph parameters at ${vs.tuning[0]?.size.toLocaleString("en")} vectors (hnswlib-node directly): smallest efSearch reaching recall@10 ≥ 0.95`,
      headers: ["M", "efConstruction", "build", "efSearch", "recall@10", "p50", "p99"],
      rows: vs.tuning.map((run) => [String(run.m), String(run.efConstruction), ms(run.buildMs), String(run.efSearch ?? "n/a"), run.recall.toFixed(3), ms(run.latency.p50), ms(run.latency.p99)]),
    });
  }

  const answer = results.answerPath;
  tables.push({
    title: `2. Answer path on the corpus: ${answer.questions} questions × ${answer.rounds} rounds (${answer.grounded} of ${answer.questions} answered, the rest refused)`,
    headers: ["stage", "p50", "p99", "mean", "max"],
    rows: [
      ["engine.answer() wall clock", answer.wall],
      ["  query embedding", answer.embed],
      ["  retrieval (hnswlib + BM25 + MMR)", answer.retrieve],
      ["  composition", answer.compose],
      ["BM25 only (MiniSearch, top 8)", answer.bm25],
    ].map(([label, summary]) => {
      const s = summary as typeof answer.wall;
      return [label as string, ms(s.p50), ms(s.p99), ms(s.mean), ms(s.max)];
    }),
  });

  tables.push({
    title: "3. Ingest (embedder model already loaded)",
    headers: ["corpus", "docs", "chunks", "texts embedded", "cold ingest", "ingest", "raw embedding", "overhead", "outside embedder", "texts/s ingest", "texts/s raw", "re-ingest unchanged"],
    rows: results.ingest.runs.map((run) => [
      run.repeats > 1 ? `${run.label} (median of ${run.repeats})` : run.label,
      String(run.documents),
      String(run.chunks),
      run.texts.toLocaleString("en"),
      run.coldIngestMs === undefined ? "" : ms(run.coldIngestMs),
      ms(run.ingestMs),
      ms(run.rawEmbedMs),
      percent(run.overhead),
      percent(run.overheadOutsideEmbedder),
      (run.texts / (run.ingestMs / 1000)).toFixed(1),
      (run.texts / (run.rawEmbedMs / 1000)).toFixed(1),
      ms(run.reingestMs),
    ]),
  });
  if (results.ingest.parallelEmbed.length > 0) {
    tables.push({
      title: "3b. Raw embedding throughput by worker threads (one model per thread)",
      headers: ["workers", "texts", "time", "texts/s"],
      rows: results.ingest.parallelEmbed.map((run) => [String(run.workers), String(run.texts), ms(run.ms), (run.texts / (run.ms / 1000)).toFixed(1)]),
    });
  }

  const chat = results.chatLoad;
  tables.push({
    title: `4. Slack /ask under load: ${chat.concurrent} concurrent commands, real Bolt (HTTP mode) in its own process, loopback fake Slack`,
    headers: ["bot", "ack p50", "ack p99", "answer p50", "answer p99", "answer max", "answers", "notices", "errors"],
    rows: [chat, ...results.chatExperiments].map((run) => [
      run.variant,
      ms(run.ack.p50),
      ms(run.ack.p99),
      ms(run.answer.p50),
      ms(run.answer.p99),
      ms(run.answer.max),
      String(run.answered),
      String(run.notices),
      String(run.errors),
    ]),
  });

  tables.push({
    title: "5. Process cost: fresh process (node --import tsx) to engine ready, as each engine thread opens it",
    headers: ["index", "chunks", "spawn → ready", "imports", "open (model beside index)", "hashes checked after ready", "first answer", "RSS after first answer", "JS heap", "array buffers", "peak RSS"],
    rows: results.process.startups.map((run) => [
      run.label,
      run.chunks.toLocaleString("en"),
      ms(run.readyMs),
      ms(run.importsMs),
      ms(run.openMs),
      ms(run.verifiedMs),
      ms(run.firstAnswerMs),
      mb(run.rssBytes / MB),
      mb(run.heapUsedBytes / MB),
      mb(run.arrayBuffersBytes / MB),
      mb(run.peakRssBytes / MB),
    ]),
  });
  return tables;
}
