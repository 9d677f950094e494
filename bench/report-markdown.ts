import type { BenchResults } from "./results.js";
import { benchTables } from "./summary-tables.js";
import { markdownTable, mb, ms, percent, ratio } from "./table.js";

/** The ratios worth quoting, one line each. */
export function headlines(results: BenchResults): string[] {
  const lines: string[] = [];
  const { runs } = results.vectorSearch;
  const largest = Math.max(...runs.map((run) => run.size));
  const at = (store: string) => runs.find((run) => run.size === largest && run.store === store);
  const hnsw = at("hnswlib");
  const memory = at("memory");
  const exact = at("exact");
  if (hnsw && memory && exact) {
    lines.push(
      `Vector search at ${largest.toLocaleString("en")} vectors: hnswlib p50 ${ms(hnsw.latency.p50)} (recall@10 ${hnsw.recall.toFixed(3)}, efSearch ${hnsw.efSearch}) vs MemoryVectorStore ${ms(memory.latency.p50)}: ${ratio(memory.latency.p50 / hnsw.latency.p50)} faster at p50, ${ratio(memory.latency.p99 / hnsw.latency.p99)} at p99; ${ratio(exact.latency.p50 / hnsw.latency.p50)} faster than exact search over a Float32Array (${ms(exact.latency.p50)}).`,
    );
    const atDefault = hnsw.sweep.find((point) => point.efSearch === results.settings.efSearchDefault);
    if (atDefault) {
      lines.push(
        `At the engine's default efSearch ${atDefault.efSearch}: hnswlib p50 ${ms(atDefault.p50)}, recall@10 ${atDefault.recall.toFixed(3)}, ${ratio(memory.latency.p50 / atDefault.p50)} faster than MemoryVectorStore at p50.`,
      );
    }
    lines.push(`Memory at ${largest.toLocaleString("en")} vectors: hnswlib store ${mb(hnsw.storeMb)}, MemoryVectorStore ${mb(memory.storeMb)}, Float32Array ${mb(exact.storeMb)}; hnswlib build ${ms(hnsw.buildMs)}.`);
  }
  const answer = results.answerPath;
  lines.push(
    `Answer path: engine.answer() p50 ${ms(answer.wall.p50)}, p99 ${ms(answer.wall.p99)} (query embedding p50 ${ms(answer.embed.p50)} = ${percent(answer.embed.p50 / answer.wall.p50, 0)} of it); BM25 alone p50 ${ms(answer.bm25.p50)}.`,
  );
  for (const run of results.ingest.runs) {
    lines.push(
      `Ingest (${run.label}): ${(run.texts / (run.ingestMs / 1000)).toFixed(0)} texts/s = ${ratio(run.rawEmbedMs / run.ingestMs)} the raw embedder's throughput (overhead ${percent(run.overhead)}, ${percent(run.overheadOutsideEmbedder)} of the time outside the embedder); unchanged re-ingest ${ms(run.reingestMs)}.`,
    );
  }
  const chat = results.chatLoad;
  lines.push(`Slack, ${chat.concurrent} concurrent /ask: ack p99 ${ms(chat.ack.p99)}, answer at response_url p99 ${ms(chat.answer.p99)}, ${chat.errors} errors.`);
  for (const run of results.chatExperiments) lines.push(`Same load, ${run.variant}: ack p99 ${ms(run.ack.p99)}, answer p99 ${ms(run.answer.p99)}, ${run.errors} errors.`);
  lines.push(`Answer cache: a repeated question p50 ${ms(results.answerCache.hit.p50)}, p99 ${ms(results.answerCache.hit.p99)} (its first asking p50 ${ms(results.answerCache.miss.p50)}, p99 ${ms(results.answerCache.miss.p99)}).`);
  for (const run of results.process.startups) {
    lines.push(`Start-up with the ${run.label} index: ready in ${ms(run.readyMs)}, RSS ${mb(run.rssBytes / 1024 / 1024)} after the first answer.`);
  }
  return lines;
}

export function reportMarkdown(results: BenchResults, svgName: string): string {
  const m = results.machine;
  const byPart = Object.entries(m.loadAverageByPart)
    .map(([part, value]) => `${part} ${value.toFixed(1)}`)
    .join(", ");
  const load = `1-minute load average ${m.loadAverageAtStart.toFixed(1)} at start${byPart ? `, then after each part: ${byPart}` : ""}`;
  const geometry = results.vectorSearch.data.geometry;
  const sizes = Object.keys(geometry);
  const largest = sizes[sizes.length - 1] ?? "";
  const synthetic = geometry[largest];
  const real = results.answerPath.corpusGeometry;
  const out: string[] = [
    `# citebot benchmark (${results.mode} run)`,
    "",
    `Command: \`${results.command}\` · ${results.startedAt} · ${(results.durationS / 60).toFixed(1)} min`,
    "",
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node}; ${load}. The machine is shared: quote ratios, not absolute times.`,
    "",
    "## Headlines",
    "",
    ...headlines(results).map((line) => `- ${line}`),
    "",
    `![Query latency against index size](${svgName})`,
    "",
  ];
  for (const table of benchTables(results)) out.push(`## ${table.title}`, "", markdownTable(table.headers, table.rows), "");
  out.push(
    "## How it was measured",
    "",
    `- **Vector search.** Base vectors and queries come from \`clusteredVectors\` (seeded; ${results.vectorSearch.dimension} dimensions, about 500 vectors per cluster, each cluster spread along its own 16-dimension subspace, plus a direction every vector shares). ` +
      (synthetic
        ? `At ${Number(largest).toLocaleString("en")} vectors a random pair has cosine ${synthetic.randomPairCosine.toFixed(2)} and a query's nearest / 10th-nearest neighbour ${synthetic.nearestCosine.toFixed(2)} / ${synthetic.tenthCosine.toFixed(2)}. On the real corpus a random pair of sentence vectors has ${real.randomPairCosine.toFixed(2)}, and a bench question's nearest / 10th-nearest sentence ${real.nearestCosine.toFixed(2)} / ${real.tenthCosine.toFixed(2)}: the shared direction matches, but the synthetic neighbours are closer than a few hundred real sentences give (a 100k-chunk corpus would have closer ones too). Real embeddings may need a larger efSearch for the same recall; the engine's default leaves that margin. `
        : "") +
      "Each store runs in its own child process: build time excludes reading the vectors from disk; store RSS is the process's resident memory after the build (input released, GC run) minus before the vectors were read. Queries are `number[]`, as `embedQuery` returns them, run one at a time after a warm-up; recall@10 is against the exact search.",
    `- **hnswlib** is measured as the engine uses it: \`buildStore\` (M ${results.vectorSearch.hnsw.m}, efConstruction ${results.vectorSearch.hnsw.efConstruction}) behind LangChain's \`HNSWLib\`, searched with \`similaritySearchVectorWithScore\`. efSearch is the smallest value of the sweep reaching recall@10 ≥ 0.95 at that size; the engine's default (\`HNSW_EF_SEARCH\`) is ${results.settings.efSearchDefault}.`,
    "- **MemoryVectorStore** (`@langchain/classic/vectorstores/memory`) scans and sorts every vector per query in JavaScript; above 10k vectors it runs only the first queries of the set (the `queries` column) to keep the run short. Its results are sorted with a comparator that never returns 1, so its ordering is not guaranteed; recall shows whether that cost anything.",
    `- **Answer path.** \`openIndex\` + \`createEngine\` on the corpus index (defaults: CHUNK_MAX_CHARS ${results.settings.chunkMaxChars}), one untimed warm-up round, then every question each round. The wall clock includes the Answer validation after the engine's own timer stops.`,
    "- **Ingest.** A full ingest into an empty folder with the model already loaded and warmed by one untimed ingest (its time is the \"cold ingest\" column: the embedder's first pass over new batch shapes in a process is slower); the raw figure embeds exactly the texts ingest embedded (chunk texts with their heading path, and every sentence) in one `embedDocuments` call. The 20× corpus is the corpus plus 19 copies with a fifth of the words swapped (so none is dropped as a near-duplicate). Where the table says so the ingest and the raw embedding alternate and medians are kept. The embedder's own speed drifts by ±10% between runs on this shared machine, which is as large as the target, so the \"outside embedder\" column (the ingest's time minus the time it spent inside the embedder, over the latter) is the steadier measure of what the pipeline adds. Re-ingest is the median of three runs on the unchanged folder.",
    "- **Slack load.** The bot (real engine, real Bolt in HTTP mode with request signing) runs in a child process, as `npm start` would; the bench process is the loopback fake Slack (`test/fakes/slack.ts`) and sends the signed `/ask` commands, each from a different user, all at once after one warm-up command. Ack is the HTTP 200; answer is the POST reaching the command's response_url. The bot is composed by `startEngine` as `npm start` composes it (answer cache off, since the load repeats questions): first with this machine's default ENGINE_WORKERS (the engine pool), then with ENGINE_WORKERS=0 (the engine on the main thread beside Bolt) for comparison.",
    "- **Process cost.** A fresh `node --import tsx` process (what `npm start` runs, without npm's own start-up) imports the engine, loads the model, opens the index and answers once. The 100k-chunk index copies the corpus's chunks and sentence vectors (a fifth of the words swapped) with synthetic chunk vectors, documents as large as the corpus's, written by `writeIndex`.",
    "",
  );
  return out.join("\n");
}
