// What answering costs the thread that acks the platforms: 50 questions at once through the engine on this thread,
// through the engine pool, and through the answer cache once warm; event-loop delay (monitorEventLoopDelay) and
// answer latency, each variant in turn, `rounds` times. Usage: node --import tsx scripts/perf/event-loop.ts [index dir] [rounds]
import os from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { loadConfig } from "../../src/config.js";
import type { Engine } from "../../src/engine/answer.js";
import { cacheAnswers } from "../../src/engine/answer-cache.js";
import { engineOptions, indexOptions } from "../../src/app.js";
import { openGenerationEngine } from "../../src/engine/generation-engine.js";
import { startEnginePool } from "../../src/engine/worker-pool.js";
import { UseLiteEmbeddings } from "../../src/index/embedder.js";
import { readPointer, type IndexPointer } from "../../src/index/store.js";

const indexDir = process.argv[2] ?? "data/index";
const rounds = Number(process.argv[3] ?? 3);
const QUESTIONS = [
  "Is Django a good fit for a high-traffic site?", "Can Django scale horizontally with load balancers?", "Which Django tools help with scaling?", "When should I not use a web framework?",
  "Are web frameworks a good choice for online games?", "Why did Uber migrate from Node.js to Go?", "Why did Discord choose Elixir?", "What matters most for a fast API backend?",
  "How can a backend recover automatically from a crash?", "What is the best pizza topping?",
];
const config = loadConfig({ INDEX_DIR: indexDir, LOG_LEVEL: "silent" });
const settings = { ...engineOptions(config), ...indexOptions(config) };
const pointer = (await readPointer(indexDir)) as IndexPointer;
const local = await openGenerationEngine(indexDir, new UseLiteEmbeddings(), settings, { pointer });
const pool = await startEnginePool({ indexDir, pointer, data: { config } });
const cached = cacheAnswers(local);
for (const question of QUESTIONS) await Promise.all([local.answer(question), pool.answer(question), pool.answer(question), cached.answer(question)]);

const pct = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))] ?? 0;
const results = new Map<string, Array<{ loopP99: number; loopMax: number; answerP50: number; answerP99: number; wall: number }>>();
async function burst(label: string, engine: Engine): Promise<void> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const started = performance.now();
  const latencies = await Promise.all(
    Array.from({ length: 50 }, async (_, i) => {
      const asked = performance.now();
      await engine.answer(QUESTIONS[i % QUESTIONS.length] ?? "");
      return performance.now() - asked;
    }),
  );
  const wall = performance.now() - started;
  delay.disable();
  const run = { loopP99: delay.percentile(99) / 1e6, loopMax: delay.max / 1e6, answerP50: pct(latencies, 0.5), answerP99: pct(latencies, 0.99), wall };
  results.set(label, [...(results.get(label) ?? []), run]);
  console.log(label, JSON.stringify(Object.fromEntries(Object.entries(run).map(([key, value]) => [key, Math.round(value * 10) / 10]))));
}
console.log(`${os.availableParallelism()} cores, pool of ${pool.load().workers}; load ${os.loadavg().map((v) => v.toFixed(2)).join(" ")}`);
for (let round = 0; round < rounds; round++) {
  await burst("this thread", local);
  await burst("engine pool", pool);
  await burst("answer cache (warm)", cached);
}
console.log(`load at end ${os.loadavg().map((v) => v.toFixed(2)).join(" ")}`);
for (const [label, runs] of results) {
  const median = (key: keyof (typeof runs)[number]) => pct(runs.map((run) => run[key]), 0.5).toFixed(1);
  console.log(`median of ${runs.length}, ${label}: event-loop delay p99 ${median("loopP99")} ms, max ${median("loopMax")} ms; answer p50 ${median("answerP50")} ms, p99 ${median("answerP99")} ms; 50 answers in ${median("wall")} ms`);
}
await pool.shutdown();
await local.close();
