// Measures the store on this machine: open time, RSS, and enqueue/claim/event-claim throughput, on SQLite and (when
// CITEBOT_TEST_POSTGRES_URL is set) PostgreSQL. Run: npx tsx bench/store.ts. Results: bench/store.md.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openStore } from "../src/store/open-store.js";
import type { StoreOptions } from "../src/store/options.js";
import type { Store } from "../src/store/store.js";

const JOBS = 1_000;
const mb = (bytes: number) => Math.round(bytes / 1_048_576);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

async function measure(label: string, fresh: () => Promise<StoreOptions>): Promise<void> {
  const firstOpens: number[] = [];
  const reopens: number[] = [];
  for (let n = 0; n < 5; n += 1) {
    const options = await fresh();
    const [store, first] = await timed(() => openStore(options));
    await store.close();
    const [again, reopen] = await timed(() => openStore(options));
    await again.close();
    firstOpens.push(first);
    reopens.push(reopen);
  }
  const options = await fresh();
  const store = await openStore(options);
  const payload = { message: { platform: "slack" as const, userId: "U1", channelId: "C1", threadKey: "t", text: "how do we deploy?", isDirect: false }, target: { kind: "slack_message" as const, channelId: "C1" }, receivedAt: Date.now() };
  const [, enqueueMs] = await timed(async () => {
    for (let n = 0; n < JOBS; n += 1) await store.jobs.enqueue({ kind: "answer", payload });
  });
  const [, claimMs] = await timed(async () => {
    for (;;) {
      const job = await store.jobs.claim("bench");
      if (!job) return;
      await store.jobs.complete(job.lease);
    }
  });
  const [, eventMs] = await timed(async () => {
    for (let n = 0; n < JOBS; n += 1) await store.events.claim(`bench:${n}`);
  });
  let concurrent = "";
  if (store.kind === "postgres") {
    // Four replicas' worth of pools, 50 claimers each, on 1,000 jobs.
    for (let n = 0; n < JOBS; n += 1) await store.jobs.enqueue({ kind: "answer", payload });
    const replicas: Store[] = await Promise.all([1, 2, 3, 4].map(() => openStore(options)));
    const claimed: string[] = [];
    const [, ms] = await timed(() =>
      Promise.all(
        replicas.flatMap((replica, r) =>
          Array.from({ length: 50 }, async (_, c) => {
            for (;;) {
              const job = await replica.jobs.claim(`r${r}c${c}`);
              if (!job) return;
              claimed.push(job.id);
              await replica.jobs.complete(job.lease);
            }
          }),
        ),
      ),
    );
    await Promise.all(replicas.map((replica) => replica.close()));
    concurrent = `; 4 pools × 50 claimers: ${Math.round((JOBS / ms) * 1000)} claim+complete/s, ${new Set(claimed).size}/${claimed.length} distinct`;
  }
  await store.close();
  const rate = (ms: number) => Math.round((JOBS / ms) * 1000);
  console.log(
    `${label}: open new ${median(firstOpens).toFixed(0)} ms (migrations), reopen ${median(reopens).toFixed(1)} ms; ` +
      `enqueue ${rate(enqueueMs)}/s, claim+complete ${rate(claimMs)}/s, event claims ${rate(eventMs)}/s (sequential)${concurrent}; RSS ${mb(process.memoryUsage().rss)} MB`,
  );
}

const baseline = process.memoryUsage().rss;
console.log(`node ${process.version}, ${os.cpus().length} cores; RSS before opening any store: ${mb(baseline)} MB`);
const tmp = await fs.mkdtemp(path.join(os.tmpdir(), "citebot-store-bench-"));
try {
  await measure("SQLite (WAL, synchronous=FULL)", async () => ({ dataDir: await fs.mkdtemp(path.join(tmp, "s-")) }));
  const url = process.env.CITEBOT_TEST_POSTGRES_URL;
  if (url) {
    const admin = new pg.Pool({ connectionString: url, max: 1 });
    await measure("PostgreSQL", async () => {
      const schema = `bench_${randomBytes(4).toString("hex")}`;
      await admin.query(`create schema ${schema}`);
      const withSchema = new URL(url);
      withSchema.searchParams.set("options", `-c search_path=${schema}`);
      return { databaseUrl: withSchema.toString(), dataDir: tmp };
    });
    const schemas = await admin.query<{ nspname: string }>("select nspname from pg_namespace where nspname like 'bench\\_%'");
    for (const row of schemas.rows) await admin.query(`drop schema ${row.nspname} cascade`);
    await admin.end();
  }
} finally {
  await fs.rm(tmp, { recursive: true, force: true });
}
