import { z } from "zod";
import { runTsChild } from "./run-child.js";

export const StartupReport = z.object({
  importsMs: z.number(),
  /** openGenerationEngine: model load beside the index read (persisted lexical index, chunk table, hnswlib graph), warm-up answer. */
  openMs: z.number(),
  /** From ready until the background hash check of every file settled (off the critical path). */
  verifiedMs: z.number(),
  firstAnswerMs: z.number(),
  firstAnswerGrounded: z.boolean(),
  rssBytes: z.number(),
  heapUsedBytes: z.number(),
  /** Buffers and typed arrays (the vectors), outside the JS heap. */
  arrayBuffersBytes: z.number(),
  peakRssBytes: z.number(),
});
export type StartupReport = z.infer<typeof StartupReport>;

export interface StartupRun extends StartupReport {
  label: string;
  chunks: number;
  /** From spawning `node --import tsx` to the child's ready line: process, tsx, imports, model load, index open. */
  readyMs: number;
}

/** Starts a fresh process that opens `indexDir`, then answers once (RSS is read after that answer); median of `repeats` by readyMs. */
export async function measureStartup(label: string, indexDir: string, chunks: number, repeats: number, timeoutMs: number): Promise<StartupRun> {
  const runs: StartupRun[] = [];
  for (let i = 0; i < repeats; i++) {
    const run = await runTsChild("startup-child.ts", [indexDir], { timeoutMs, readyWhen: (line) => line === "ready" });
    const line = run.stdout.split("\n").find((text) => text.startsWith("report ")) ?? "";
    const report = StartupReport.parse(JSON.parse(line.slice("report ".length)));
    runs.push({ label, chunks, readyMs: run.readyMs ?? run.wallMs, ...report });
  }
  runs.sort((a, b) => a.readyMs - b.readyMs);
  return runs[Math.floor(runs.length / 2)] as StartupRun;
}
