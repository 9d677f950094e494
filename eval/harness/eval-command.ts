import fs from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { SECTION_SEPARATOR } from "../../src/corpus/document.js";
import { loadConfig, type Config } from "../../src/config.js";
import { engineSettings, openEngine } from "../../src/engine/engine.js";
import { deriveEngineFiles } from "../../src/engine/prepared-index.js";
import { createEmbeddings } from "../../src/index/create-embeddings.js";
import { ingest } from "../../src/index/ingest.js";
import { openIndex } from "../../src/index/store.js";
import { createLogger } from "../../src/logger.js";
import { Half, loadQuestionSet, type QuestionSet } from "./question-set.js";
import { formatMisses, formatSummaryTable } from "./report.js";
import { runQuestionSet, type SetResult } from "./run-set.js";
import { normaliseHeading, type ChunkLookup } from "./score.js";

export const SETS_DIR = "eval/sets";

const USAGE = `Usage: npm run eval -- [--set NAME]... [--half dev|test|all] [--misses] [--all-answers] [--json]

Scores the answer engine on the question sets in ${SETS_DIR}/ (each built from its own corpus into
data/eval/<set>/): section@3, all key facts, verdicts, refusals, false refusals, code quoted as prose,
and answer latency, per set and half.

  --set NAME      a set to run (repeatable; default: every set)
  --half H        dev, test or all (default: all)
  --misses        print every question that missed something, with its answer
  --all-answers   print every question with its answer
  --json          the whole result as JSON on stdout

Example: npm run eval -- --set shipped --half dev --misses`;

/** `npm run eval`: exit 0 whatever the scores (thresholds live in test/eval); 1 when it cannot run; 2 on bad flags. */
export async function runEvalCommand(argv: string[]): Promise<number> {
  let flags: { sets: string[]; half: "dev" | "test" | "all"; misses: boolean; all: boolean; json: boolean };
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        set: { type: "string", multiple: true },
        half: { type: "string" },
        misses: { type: "boolean" },
        "all-answers": { type: "boolean" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: false,
      strict: true,
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const half = values.half ?? "all";
    if (half !== "all" && !Half.safeParse(half).success) throw new Error(`--half must be dev, test or all, not "${half}"`);
    flags = { sets: values.set ?? [], half: half as "dev" | "test" | "all", misses: values.misses ?? false, all: values["all-answers"] ?? false, json: values.json ?? false };
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  try {
    const sets = await findSets(flags.sets, flags.half);
    const results: SetResult[] = [];
    for (const [name, halves] of groupBySet(sets)) {
      results.push(...(await evaluateCorpus(config, name, halves)));
    }
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
      return 0;
    }
    const out = [formatSummaryTable(results)];
    if (flags.misses || flags.all) {
      for (const result of results) out.push("", `== ${result.summary.set} (${result.summary.half})`, formatMisses(result, { all: flags.all }));
    }
    process.stdout.write(`${out.join("\n")}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`Eval failed: ${(error as Error).message}\n`);
    return 1;
  }
}

/** Builds (or refreshes) the set's index, opens an engine on it and runs each half. */
export async function evaluateCorpus(config: Config, name: string, halves: QuestionSet[]): Promise<SetResult[]> {
  const corpusDir = halves[0]?.corpusDir ?? "corpus";
  const indexDir = path.join(config.DATA_DIR, "eval", name, "index");
  const logger = createLogger({ level: "warn" });
  const embeddings = await createEmbeddings(config);
  await ingest({ corpusDir, indexDir, maxFileBytes: config.MAX_FILE_BYTES, chunkMaxChars: config.CHUNK_MAX_CHARS, embeddings, logger, derive: deriveEngineFiles });
  const engine = await openEngine(indexDir, embeddings, engineSettings(config), logger);
  const lookup = await chunkLookup(indexDir, embeddings);
  const results: SetResult[] = [];
  for (const set of halves) results.push(await runQuestionSet(engine, set, lookup));
  return results;
}

async function chunkLookup(indexDir: string, embeddings: Awaited<ReturnType<typeof createEmbeddings>>): Promise<ChunkLookup> {
  const loaded = await openIndex(indexDir, embeddings);
  const texts = new Map(loaded.chunks.map((chunk) => [chunk.id, chunk.text]));
  const headings = new Map<string, number>();
  for (const section of new Set(loaded.chunks.map((chunk) => `${chunk.source}\u0000${chunk.section}`))) {
    const [source, path] = section.split("\u0000") as [string, string];
    const key = `${source}\u0000${normaliseHeading(path.split(SECTION_SEPARATOR).at(-1) ?? "")}`;
    headings.set(key, (headings.get(key) ?? 0) + 1);
  }
  return {
    text: (chunkId) => texts.get(chunkId),
    headingCount: (source, heading) => {
      const matching = [...headings.entries()].filter(([key]) => key.endsWith(`\u0000${normaliseHeading(heading)}`) && (key.startsWith(`${source}\u0000`) || key.includes(`/${source}\u0000`)));
      return matching.reduce((sum, [, count]) => sum + count, 0);
    },
  };
}

async function findSets(names: string[], half: "dev" | "test" | "all"): Promise<QuestionSet[]> {
  const files = (await fs.readdir(SETS_DIR)).filter((file) => /\.(dev|test)\.json$/.test(file)).sort();
  const chosen = files.filter((file) => {
    const [set, fileHalf] = file.replace(/\.json$/, "").split(/\.(?=dev$|test$)/);
    return (names.length === 0 || names.includes(set ?? "")) && (half === "all" || fileHalf === half);
  });
  if (chosen.length === 0) throw new Error(`no question set matches ${names.join(", ") || "(any)"} / ${half} in ${SETS_DIR}`);
  return Promise.all(chosen.map((file) => loadQuestionSet(path.join(SETS_DIR, file))));
}

function groupBySet(sets: QuestionSet[]): Map<string, QuestionSet[]> {
  const groups = new Map<string, QuestionSet[]>();
  for (const set of sets) groups.set(set.set, [...(groups.get(set.set) ?? []), set]);
  return groups;
}
