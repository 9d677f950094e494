import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { headlines } from "./report-markdown.js";
import { runBench } from "./run-bench.js";
import { benchTables } from "./summary-tables.js";
import { formatTable } from "./table.js";

const Flags = z.object({
  quick: z.boolean().default(false),
  out: z.string().min(1).optional(),
  corpus: z.string().min(1).default("corpus"),
  "keep-temp": z.boolean().default(false),
});

const USAGE = `Usage: npm run bench [-- --quick] [-- --out <dir>] [-- --corpus <dir>] [-- --keep-temp]
  --quick      smaller sizes, under a minute; writes to bench/tmp/quick unless --out is given
  --out        where results.json, report.md and latency.svg go (default: bench)
  --corpus     the corpus to ingest and answer from (default: corpus)
  --keep-temp  keep the temporary work folder (indexes, vectors) for inspection`;

/** `npm run bench`: runs every part, prints the tables, writes the outputs; returns the exit code. */
export async function runBenchCommand(argv: string[]): Promise<number> {
  let flags: z.infer<typeof Flags>;
  try {
    const { values } = parseArgs({
      args: argv,
      options: { quick: { type: "boolean" }, out: { type: "string" }, corpus: { type: "string" }, "keep-temp": { type: "boolean" } },
      allowPositionals: false,
      strict: true,
    });
    flags = Flags.parse(values);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
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
