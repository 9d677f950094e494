import os from "node:os";
import { parseArgs } from "node:util";
import { loadConfig, type Config } from "../config.js";
import { isCitebotError } from "../errors.js";
import { deriveEngineFiles } from "../engine/prepared-index.js";
import { createEmbeddings } from "../index/create-embeddings.js";
import { ingest, type IngestSummary } from "../index/ingest.js";
import { createProgress } from "../index/progress.js";
import { watchCorpus } from "../index/watch-corpus.js";
import { createLogger, type Logger } from "../logger.js";

/** `npm run ingest`: builds or refreshes the index and prints a summary; returns the exit code. */
export async function runIngest(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { quiet: { type: "boolean", short: "q" }, watch: { type: "boolean", short: "w" } }, allowPositionals: false, strict: true });
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const logger = createLogger({ level: values.quiet ? "warn" : config.LOG_LEVEL });
  const once = async (): Promise<number> => {
    try {
      const summary = await ingestWithConfig(config, logger);
      process.stderr.write(`${describeSummary(summary, config)}\n`);
      return 0;
    } catch (error) {
      process.stderr.write(`Ingest failed: ${(error as Error).message}\n`);
      if (!isCitebotError(error)) logger.error({ err: error }, "ingest failed");
      return 1;
    }
  };
  const code = await once();
  return values.watch ? ingestOnChange(config, once) : code;
}

/** `--watch`: ingests again once files under CORPUS_DIR settle after a change, until Ctrl-C (a bot watching CURRENT then reloads). */
async function ingestOnChange(config: Config, once: () => Promise<number>): Promise<number> {
  process.stderr.write(`Watching ${config.CORPUS_DIR} for changes (Ctrl-C to stop)…\n`);
  const watcher = watchCorpus(config.CORPUS_DIR, {
    persistent: true,
    onSettled: async () => {
      process.stderr.write(`${config.CORPUS_DIR} changed: ingesting…\n`);
      await once();
    },
  });
  await new Promise((resolve) => process.once("SIGINT", resolve).once("SIGTERM", resolve));
  watcher.close();
  return 0;
}

/** Ingest embeds on every core (one model per worker thread); answering needs only one. */
export async function ingestWithConfig(config: Config, logger: Logger): Promise<IngestSummary> {
  const embeddings = await createEmbeddings(config, { workers: Math.min(4, os.availableParallelism()) });
  try {
    return await ingest({
      corpusDir: config.CORPUS_DIR,
      indexDir: config.INDEX_DIR,
      maxFileBytes: config.MAX_FILE_BYTES,
      chunkMaxChars: config.CHUNK_MAX_CHARS,
      embeddings,
      logger: logger.child({ component: "ingest" }),
      progress: createProgress(),
      derive: deriveEngineFiles,
    });
  } finally {
    await embeddings.release();
  }
}

export function describeSummary(summary: IngestSummary, config: Config): string {
  const seconds = (summary.ms / 1000).toFixed(1);
  const lines = [
    summary.upToDate ? `Index is up to date: nothing changed in ${config.CORPUS_DIR}, nothing re-embedded.` : `Index written to ${config.INDEX_DIR}.`,
    `  files: ${summary.files} · documents kept: ${summary.documents} · dropped as duplicates: ${summary.dropped.length} · skipped: ${summary.skipped.length}`,
    `  chunks: ${summary.chunks} (${summary.embeddedChunks} embedded, ${summary.reusedChunks} reused) · quotable units: ${summary.units} · time: ${seconds} s`,
  ];
  for (const duplicate of summary.dropped) lines.push(`  dropped ${duplicate.dropped} (same text as ${duplicate.keptInstead})`);
  for (const skipped of summary.skipped) lines.push(`  skipped ${skipped.source}: ${skipped.reason}`);
  return lines.join("\n");
}
