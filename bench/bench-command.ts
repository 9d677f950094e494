import path from "node:path";
import { parseFlags } from "../src/cli/flags.js";
import { z } from "zod";

const Flags = z.object({
  quick: z.boolean().default(false),
  out: z.string().min(1).optional(),
  corpus: z.string().min(1).default("corpus"),
  "keep-temp": z.boolean().default(false),
});

const USAGE = `Usage: npm run bench -- [--quick] [--out <dir>] [--corpus <dir>] [--keep-temp]

Measures ingest throughput, answer latency, vector search (hnswlib against exact search and LangChain's
MemoryVectorStore), start-up time and Slack load, then writes results.json, report.md and latency.svg.
A full run takes about 15 minutes on two cores.

  --quick      smaller sizes, under a minute; writes to bench/tmp/quick unless --out is given
  --out        where results.json, report.md and latency.svg go (default: bench)
  --corpus     the corpus to ingest and answer from (default: corpus)
  --keep-temp  keep the temporary work folder (indexes, vectors) for inspection
  -h, --help   this text

Example: npm run bench -- --quick`;

/** `npm run bench`: runs every part, prints the tables, writes the outputs; returns the exit code. */
export async function runBenchCommand(argv: string[]): Promise<number> {
  const parsed = parseFlags(argv, { quick: { type: "boolean" }, out: { type: "string" }, corpus: { type: "string" }, "keep-temp": { type: "boolean" } }, { name: "bench", text: USAGE });
  if (!parsed.ok) return parsed.exitCode;
  const checked = Flags.safeParse(parsed.values);
  if (!checked.success) {
    process.stderr.write(`npm run bench: ${checked.error.issues.map((issue) => `--${issue.path.join(".")} ${issue.message}`).join("; ")}\n\n${USAGE}\n`);
    return 2;
  }
  const flags = checked.data;
  // Loaded only now, so --help and a bad flag answer at once.
  const [{ headlines }, { runBench }, { benchTables }, { formatTable }] = await Promise.all([
    import("./report-markdown.js"),
    import("./run-bench.js"),
    import("./summary-tables.js"),
    import("./table.js"),
  ]);
  const mode = flags.quick ? "quick" : "full";
  const outDir = path.resolve(flags.out ?? (flags.quick ? path.join("bench", "tmp", "quick") : "bench"));
  const started = performance.now();
  const log = (line: string) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
  try {
    const results = await runBench({ mode, corpusDir: path.resolve(flags.corpus), outDir, keepTemp: flags["keep-temp"], log });
    const out: string[] = [];
    for (const table of benchTables(results)) out.push(table.title, formatTable(table.headers, table.rows), "");
    out.push("Headlines:", ...headlines(results).map((line) => `  - ${line}`), "", `Wrote ${path.join(outDir, "results.json")}, report.md and latency.svg (${(results.durationS / 60).toFixed(1)} min).`);
    process.stdout.write(`${out.join("\n")}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`Benchmark failed: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
