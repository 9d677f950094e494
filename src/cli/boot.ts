import fs from "node:fs";
import { loadConfig, type Config } from "../config.js";
import type { Engine } from "../engine/answer.js";
import { engineSettings, openEngine } from "../engine/engine.js";
import { createGenerator } from "../engine/llm/create-generator.js";
import { isCitebotError } from "../errors.js";
import { createEmbeddings } from "../index/create-embeddings.js";
import { currentGeneration } from "../index/store.js";
import { createLogger, type Logger } from "../logger.js";
import { ExitCode, exitCodeFor } from "./exit-codes.js";
import { describeSummary, ingestWithConfig } from "./ingest-command.js";

/** Settings, or one clear message on stderr and exit code 2. */
export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(ExitCode.SettingsInvalid);
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

/**
 * An engine that can be handed to the conversation while the real one still loads (the model, the index, or a
 * first-run ingest), so the adapters can connect, and `/healthz` answer, meanwhile. Questions wait for the load.
 */
export function pendingEngine(loading: Promise<Engine>): Engine {
  let loaded: Engine | undefined;
  loading.then(
    (engine) => (loaded = engine),
    () => undefined,
  );
  return {
    answer: async (question, options) => (await loading).answer(question, options),
    topics: () => loaded?.topics() ?? [],
  };
}

/** Prints a CitebotError's message (it says what to do) and returns the exit code for it. */
export function reportFatal(error: unknown, logger: Logger): number {
  if (isCitebotError(error)) {
    process.stderr.write(`citebot: ${error.message}\n`);
    return exitCodeFor(error);
  }
  logger.fatal({ err: error }, "unexpected failure");
  process.stderr.write(`citebot: unexpected failure: ${(error as Error).message ?? String(error)}\n`);
  return ExitCode.Failed;
}

/** Terminal commands keep the screen for answers: routine info logs show only when LOG_LEVEL asks for debug. */
export function cliLogger(config: Config, options: { quiet?: boolean } = {}): Logger {
  const level = options.quiet && config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL;
  return createLogger({ level });
}
