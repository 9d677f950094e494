import { parseArgs } from "node:util";
import { loadConfig, type Config } from "../../config.js";
import { engineSettings, createEngine } from "../../engine/engine.js";
import { CitebotError, ErrorCode, isCitebotError } from "../../errors.js";
import { createEmbeddings } from "../../index/create-embeddings.js";
import { openIndex, type LoadedIndex } from "../../index/store.js";
import { createLogger } from "../../logger.js";
import { openStore } from "../../store/open-store.js";
import { storeOptionsFrom } from "../../store/options.js";
import { loadDocumentSets } from "../document-sets/load.js";
import { createDocumentSetResolver } from "../document-sets/resolve.js";
import { sectionHashesOf } from "../section-hashes.js";
import { checkStaleAnswersInStore } from "../stale/check-stale.js";
import { formatGapReport } from "./render-gaps.js";
import { gapReportFromStore } from "./report-from-store.js";
import { parseSince } from "./since.js";

export const GAPS_USAGE = `usage: npm run gaps -- [--since 7d] [--json]

Clusters the questions citebot refused, answered weakly, got 👎 for, or passed to a person, by meaning, and says
what each cluster needs: the nearest sections the documents have and a one-line suggestion. Then lists answers
that cite sections an ingest has changed since, and replays the 👍 answers against the current index.

  --since PERIOD  how far back: 7d (default), 12h, 2w, or a date such as 2025-03-01
  --json          print the report as one JSON object (the GapReport schema) and nothing else
  --help          this text`;

/** `npm run gaps`: returns the exit code (0 done, 1 failed, 2 bad flags or settings). */
export async function runGaps(argv: string[], now: () => Date = () => new Date()): Promise<number> {
  let flags: { json: boolean; since: Date; help: boolean };
  try {
    const { values } = parseArgs({ args: argv, options: { json: { type: "boolean" }, since: { type: "string" }, help: { type: "boolean", short: "h" } }, allowPositionals: false, strict: true });
    flags = { json: values.json ?? false, help: values.help ?? false, since: parseSince(values.since ?? "7d", now()) };
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${GAPS_USAGE}\n`);
    return 2;
  }
  if (flags.help) {
    process.stdout.write(`${GAPS_USAGE}\n`);
    return 0;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const logger = createLogger({ level: config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL });
  const store = await openStore({ ...storeOptionsFrom(config), logger }).catch((error: unknown) => error as Error);
  if (store instanceof Error) {
    process.stderr.write(`citebot: ${store.message}\n`);
    return 1;
  }
  try {
    const embeddings = await createEmbeddings(config);
    try {
      const index = await openIndex(config.INDEX_DIR, embeddings, { efSearch: config.HNSW_EF_SEARCH }).catch((error: unknown) => {
        if (isCitebotError(error) && error.code === ErrorCode.IndexMissing) return undefined;
        throw error;
      });
      const documentSets = createDocumentSetResolver((await loadDocumentSets(config.DOCUMENT_SETS_FILE ? { file: config.DOCUMENT_SETS_FILE } : {}))?.settings);
      const stale = index ? await checkStaleAnswersInStore({ store, sections: sectionHashesOf(index.generation, index.chunks), engine: createEngine(index, embeddings, engineSettings(config)), replayMax: config.STALE_REPLAY_MAX, allowSourceFor: allowSourceFor(documentSets.named) }) : undefined;
      const report = await gapReportFromStore({
        store,
        embeddings,
        since: flags.since,
        until: now(),
        similarity: config.GAPS_SIMILARITY,
        weakScore: config.GAPS_WEAK_SCORE,
        ...(index ? { index: indexView(index) } : {}),
        ...(stale ? { stale } : {}),
        questionLog: config.QUESTION_LOG,
      });
      process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : `${formatGapReport(report)}\n`);
      return 0;
    } finally {
      await embeddings.release();
    }
  } catch (error) {
    process.stderr.write(`citebot: ${(error as Error).message}\n`);
    if (!isCitebotError(error)) logger.error({ err: error }, "gap report failed");
    return 1;
  } finally {
    await store.close();
  }
}

/** A logged question's document set, found again by name; a set since removed from the file scopes to nothing known. */
export function allowSourceFor(named: (name: string) => { allowSource(source: string): boolean } | undefined) {
  return (documentSet: string | undefined) => {
    if (documentSet === undefined) return undefined;
    const set = named(documentSet);
    if (!set) throw new CitebotError(ErrorCode.ConfigInvalid, `the document set "${documentSet}" is no longer in the document sets file`);
    return set.allowSource;
  };
}

function indexView(index: LoadedIndex) {
  return { generation: index.generation, chunks: index.chunks, chunkVectors: index.chunkVectors };
}
