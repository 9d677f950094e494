// Resident memory of an engine pool on an index: the process's RSS once `size` workers have opened it and answered.
// Usage: node --import tsx scripts/perf/pool-memory.ts <index dir> <size>
import { loadConfig } from "../../src/config.js";
import { startEnginePool } from "../../src/engine/worker-pool.js";
import { readPointer, type IndexPointer } from "../../src/index/store.js";

const [indexDir = "data/index", sizeArg = "1"] = process.argv.slice(2);
const config = loadConfig({ INDEX_DIR: indexDir, LOG_LEVEL: "silent" });
const before = process.memoryUsage().rss;
const started = performance.now();
const pool = await startEnginePool({ indexDir, pointer: (await readPointer(indexDir)) as IndexPointer, data: { config }, size: Number(sizeArg) });
const readyMs = performance.now() - started;
await Promise.all(Array.from({ length: Number(sizeArg) * 2 }, () => pool.answer("Is Django a good fit for a high-traffic site?")));
const keepAlive = setInterval(() => undefined, 1_000);
await pool.verified;
clearInterval(keepAlive);
console.log(JSON.stringify({ workers: Number(sizeArg), readyMs: Math.round(readyMs), rssMb: Math.round(process.memoryUsage().rss / 2 ** 20), mainThreadRssBeforeMb: Math.round(before / 2 ** 20) }));
await pool.shutdown();
