import fs from "node:fs";
import { loadConfig, type Config } from "../config.js";
import type { Engine } from "../engine/answer.js";
import { engineSettings, openEngine } from "../engine/engine.js";
import { createGenerator } from "../engine/llm/create-generator.js";
import { ErrorCode, isCitebotError } from "../errors.js";
import { createEmbeddings } from "../index/create-embeddings.js";
import { currentGeneration } from "../index/store.js";
import { createLogger, type Logger } from "../logger.js";
import { describeSummary, ingestWithConfig } from "./ingest-command.js";

/** Settings, or one clear message on stderr and exit code 2. */
export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
}

/** Opens the engine, building the index first (with a progress bar) when there is none yet. */
export async function startEngine(config: Config, logger: Logger): Promise<Engine> {
  // First, so a missing provider package or key is reported before a first-run ingest, not after it.
  const generator = await createGenerator(config, logger.child({ component: "generator" }));
  const corpusExists = fs.existsSync(config.CORPUS_DIR);
  if (!(await currentGeneration(config.INDEX_DIR)) && corpusExists) {
    process.stderr.write(`No index in ${config.INDEX_DIR} yet: building it from ${config.CORPUS_DIR} (first run only)…\n`);
    const summary = await ingestWithConfig(config, logger);
    process.stderr.write(`${describeSummary(summary, config)}\n`);
  }
  return openEngine(config.INDEX_DIR, await createEmbeddings(config), engineSettings(config), logger.child({ component: "engine" }), generator);
}

/** Prints a CitebotError's message (it says what to do) and returns the exit code for it. */
export function reportFatal(error: unknown, logger: Logger): number {
  if (isCitebotError(error)) {
    process.stderr.write(`citebot: ${error.message}\n`);
    return error.code === ErrorCode.ConfigInvalid ? 2 : 1;
  }
  logger.fatal({ err: error }, "unexpected failure");
  process.stderr.write(`citebot: unexpected failure: ${(error as Error).message ?? String(error)}\n`);
  return 1;
}

/** Terminal commands keep the screen for answers: routine info logs show only when LOG_LEVEL asks for debug. */
export function cliLogger(config: Config, options: { quiet?: boolean } = {}): Logger {
  const level = options.quiet && config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL;
  return createLogger({ level });
}
