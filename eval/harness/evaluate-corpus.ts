import { deriveEngineFiles } from "../../src/engine/prepared-index.js";
import path from "node:path";
import { createEmbeddings, engineOptions, indexOptions, openEngine } from "../../src/app.js";
import type { Config } from "../../src/config.js";
import { SECTION_SEPARATOR } from "../../src/corpus/document.js";
import { ingest } from "../../src/index/ingest.js";
import { openIndex } from "../../src/index/store.js";
import { createLogger } from "../../src/logger.js";
import type { QuestionSet } from "./question-set.js";
import { runQuestionSet, type SetResult } from "./run-set.js";
import { normaliseHeading, type ChunkLookup } from "./score.js";

/** Builds (or refreshes) the set's index, opens an engine on it and runs each half. */
export async function evaluateCorpus(config: Config, name: string, halves: QuestionSet[]): Promise<SetResult[]> {
  const corpusDir = halves[0]?.corpusDir ?? "corpus";
  const indexDir = path.join(config.DATA_DIR, "eval", name, "index");
  const logger = createLogger({ level: "warn" });
  const embeddings = await createEmbeddings(config);
  await ingest({ corpusDir, indexDir, maxFileBytes: config.MAX_FILE_BYTES, chunkMaxChars: config.CHUNK_MAX_CHARS, embeddings, logger, derive: deriveEngineFiles });
  const engine = await openEngine({ indexDir, embeddings, logger }, { ...engineOptions(config), ...indexOptions(config) });
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
