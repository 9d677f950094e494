import fs from "node:fs/promises";
import path from "node:path";
import { loadConfig, type Config } from "../../src/config.js";
import { parseFlags } from "../../src/cli/flags.js";
import { Half, loadQuestionSet, type QuestionSet } from "./question-set.js";
import { formatMisses, formatSummaryTable } from "./report.js";
import type { SetResult } from "./run-set.js";

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
  -h, --help      this text

Example: npm run eval -- --set shipped --half dev --misses`;

/** `npm run eval`: exit 0 whatever the scores (thresholds live in test/eval); 1 when it cannot run; 2 on bad flags. */
export async function runEvalCommand(argv: string[]): Promise<number> {
  const parsed = parseFlags(
    argv,
    { set: { type: "string", multiple: true }, half: { type: "string" }, misses: { type: "boolean" }, "all-answers": { type: "boolean" }, json: { type: "boolean" } },
    { name: "eval", text: USAGE },
  );
  if (!parsed.ok) return parsed.exitCode;
  const { values } = parsed;
  const half = values.half ?? "all";
  if (half !== "all" && !Half.safeParse(half).success) {
    process.stderr.write(`npm run eval: --half must be dev, test or all, not "${half}"\n\n${USAGE}\n`);
    return 2;
  }
  const flags = { sets: values.set ?? [], half: half as "dev" | "test" | "all", misses: values.misses ?? false, all: values["all-answers"] ?? false, json: values.json ?? false };
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  try {
    const sets = await findSets(flags.sets, flags.half);
    // Loaded only now, so --help and a bad flag answer at once.
    const { evaluateCorpus } = await import("./evaluate-corpus.js");
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
