import { parseArgs } from "node:util";
import { ingestWithConfig } from "../cli/ingest-command.js";
import { engineSettings, openEngine } from "../engine/engine.js";
import type { Engine } from "../engine/answer.js";
import { loadConfig, type Config } from "../config.js";
import { ErrorCode, isCitebotError } from "../errors.js";
import { createEmbeddings } from "../index/create-embeddings.js";
import { createLogger, type Logger } from "../logger.js";
import { unknownSections } from "./check-expectations.js";
import { formatReport } from "./format-report.js";
import { DEFAULT_QUESTIONS_FILE, loadQuestions } from "./questions.js";
import { runEval } from "./run-eval.js";

const USAGE = `Usage: npm run eval -- [--json] [--questions ${DEFAULT_QUESTIONS_FILE}]`;

/**
 * `npm run eval`: scores the engine against the team's questions and prints the figures and every miss.
 * Exits 0 whatever the scores (thresholds live in test/eval); 1 when the eval cannot run, 2 on bad flags or settings.
 */
export async function runEvalCommand(argv: string[]): Promise<number> {
  let flags: { json: boolean; questions: string };
  try {
    const { values } = parseArgs({
      args: argv,
      options: { json: { type: "boolean" }, questions: { type: "string", short: "q" } },
      allowPositionals: false,
      strict: true,
    });
    flags = { json: values.json ?? false, questions: values.questions ?? DEFAULT_QUESTIONS_FILE };
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const logger = createLogger({ level: config.LOG_LEVEL });
  try {
    const questions = await loadQuestions(flags.questions);
    const engine = await openOrBuildEngine(config, logger);
    const result = await runEval(engine, questions);
    const unknown = unknownSections(questions, engine.topics());
    const output = flags.json ? JSON.stringify({ ...result, unknownSections: unknown }, null, 2) : formatReport(result, unknown);
    process.stdout.write(`${output}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`Eval failed: ${(error as Error).message}\n`);
    if (!isCitebotError(error)) logger.error({ err: error }, "eval failed");
    return 1;
  }
}

async function openOrBuildEngine(config: Config, logger: Logger): Promise<Engine> {
  const embeddings = await createEmbeddings(config);
  const open = () => openEngine(config.INDEX_DIR, embeddings, engineSettings(config), logger.child({ component: "engine" }));
  try {
    return await open();
  } catch (error) {
    if (!isCitebotError(error) || error.code !== ErrorCode.IndexMissing) throw error;
  }
  process.stderr.write(`No index in ${config.INDEX_DIR} yet; building it from ${config.CORPUS_DIR} first.\n`);
  await ingestWithConfig(config, logger);
  return open();
}
