// Where the query-embedding tail comes from: every eval question embedded `rounds` times, in-process, one at a time.
// Per call: wall time, process CPU time, token count, first time this token count was seen, GC time overlapping it.
// Usage: node --expose-gc --import tsx scripts/perf/embed-tail.ts [rounds] [--warm-shapes]
import fs from "node:fs";
import os from "node:os";
import { PerformanceObserver } from "node:perf_hooks";
import { UseLiteEmbeddings } from "../../src/index/embedder.js";

const rounds = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 5);
const questions: string[] = ["shipped", "undici", "fastify-guides"].flatMap((set) =>
  (JSON.parse(fs.readFileSync(`eval/sets/${set}.dev.json`, "utf8")) as { questions: Array<{ question: string }> }).questions.map((entry) => entry.question),
);
const embeddings = new UseLiteEmbeddings();
const model = (await embeddings.load()) as unknown as { tokenizer: { encode(text: string): number[] } };
const gcs: Array<{ start: number; end: number }> = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcs.push({ start: entry.startTime, end: entry.startTime + entry.duration });
}).observe({ entryTypes: ["gc"] });
await embeddings.embedQuery("warm up");
// --warm-shapes: every token count up to 64 once before measuring (what a start-up warm-up could do).
const words = (n: number) => Array.from({ length: n }, () => "word").join(" ");
if (process.argv.includes("--warm-shapes")) for (let n = 1; n <= 64; n++) await embeddings.embedQuery(words(n));
// --warm-longest: one 64-token text; --warm-doubling: 1, 2, 4 … 64 tokens (is it each shape, or the largest seen?)
if (process.argv.includes("--warm-longest")) await embeddings.embedQuery(words(64));
if (process.argv.includes("--warm-doubling")) for (let n = 1; n <= 64; n *= 2) await embeddings.embedQuery(words(n));

interface Call { question: number; round: number; tokens: number; firstShape: boolean; wallMs: number; cpuMs: number; start: number; end: number; gcMs: number }
const calls: Call[] = [];
const seen = new Set<number>();
const load = os.loadavg()[0] ?? 0;
for (let round = 0; round < rounds; round++) {
  for (const [question, text] of questions.entries()) {
    const tokens = model.tokenizer.encode(text).length;
    const cpu = process.cpuUsage();
    const start = performance.now();
    await embeddings.embedQuery(text);
    const end = performance.now();
    const used = process.cpuUsage(cpu);
    calls.push({ question, round, tokens, firstShape: !seen.has(tokens), wallMs: end - start, cpuMs: (used.user + used.system) / 1000, start, end, gcMs: 0 });
    seen.add(tokens);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
await new Promise((resolve) => setTimeout(resolve, 50));
for (const call of calls) call.gcMs = gcs.filter((gc) => gc.end > call.start && gc.start < call.end).reduce((sum, gc) => sum + Math.min(gc.end, call.end) - Math.max(gc.start, call.start), 0);

const pct = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))] ?? 0;
const f = (value: number) => value.toFixed(1);
const wall = calls.map((call) => call.wallMs);
const cpu = calls.map((call) => call.cpuMs);
console.log(`${calls.length} calls (${questions.length} questions × ${rounds}); load average ${load.toFixed(2)} → ${(os.loadavg()[0] ?? 0).toFixed(2)}`);
console.log(`wall p50 ${f(pct(wall, 0.5))} p90 ${f(pct(wall, 0.9))} p99 ${f(pct(wall, 0.99))} ms (p99/p50 ${f(pct(wall, 0.99) / pct(wall, 0.5))}); cpu p50 ${f(pct(cpu, 0.5))} p99 ${f(pct(cpu, 0.99))} ms`);
// Same question, other rounds: jitter. Across questions: what their length costs.
const perQuestion = questions.map((_, q) => calls.filter((call) => call.question === q && call.round > 0).map((call) => call.wallMs));
const jitter = perQuestion.map((values) => Math.max(...values) / pct(values, 0.5));
console.log(`same question across rounds 1+: median max/median ${f(pct(jitter, 0.5))}, p99 ${f(pct(jitter, 0.99))}`);
const medians = perQuestion.map((values) => pct(values, 0.5));
console.log(`per-question median: p50 ${f(pct(medians, 0.5))} p99 ${f(pct(medians, 0.99))} ms (spread from question length alone ${f(pct(medians, 0.99) / pct(medians, 0.5))}×)`);
const tokens = calls.map((call) => call.tokens);
console.log(`tokens p50 ${pct(tokens, 0.5)} p99 ${pct(tokens, 0.99)} max ${Math.max(...tokens)}`);
const slow = calls.filter((call) => call.wallMs >= pct(wall, 0.99));
console.log(`slowest 1%: ${slow.length} calls; round 0: ${slow.filter((call) => call.round === 0).length}; first token count: ${slow.filter((call) => call.firstShape).length}; with GC: ${slow.filter((call) => call.gcMs > 1).length}; cpu/wall ${f(slow.reduce((s, c) => s + c.cpuMs, 0) / slow.reduce((s, c) => s + c.wallMs, 0))}; tokens ${slow.map((call) => call.tokens).join(",")}`);
const firsts = calls.filter((call) => call.firstShape).map((call) => call.wallMs);
const again = calls.filter((call) => !call.firstShape && call.round === 0).map((call) => call.wallMs);
console.log(`round 0: first time a token count is seen p50 ${f(pct(firsts, 0.5))} ms (${firsts.length}), seen before p50 ${f(pct(again, 0.5))} ms`);
console.log(`GC inside calls: ${f(calls.reduce((sum, call) => sum + call.gcMs, 0))} ms in total, ${gcs.length} GCs`);
