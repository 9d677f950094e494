import fs from "node:fs/promises";
import path from "node:path";
import type { CitebotEmbeddings } from "../src/index/embedder.js";
import { ingest, type IngestSummary } from "../src/index/ingest.js";
import { silentLogger } from "../src/logger.js";
import { TimedEmbeddings } from "./timed-embeddings.js";

export interface IngestSettings {
  maxFileBytes: number;
  chunkMaxChars: number;
}

export interface IngestRun {
  label: string;
  files: number;
  documents: number;
  chunks: number;
  sentences: number;
  /** Texts embedded: one per chunk plus one per sentence. */
  texts: number;
  characters: number;
  /** Alternating ingest / raw-embedding pairs; the times below are medians. */
  repeats: number;
  /**
   * The untimed warm-up ingest, when there was one: the embedder's first pass over new batch shapes in a
   * process is slower (~15% on the corpus here), a cost every `npm run ingest` pays once.
   */
  coldIngestMs?: number;
  /** Full ingest into an empty index folder, model already loaded. */
  ingestMs: number;
  /** Time ingest spent inside the embedder. */
  embedderMsInIngest: number;
  /** The same texts through `embedDocuments` in one call, nothing else. */
  rawEmbedMs: number;
  /** ingestMs / rawEmbedMs − 1: what the pipeline adds on top of embedding, as the issue defines it. */
  overhead: number;
  /** (ingestMs − embedderMsInIngest) / embedderMsInIngest: the same, immune to the embedder's run-to-run noise. */
  overheadOutsideEmbedder: number;
  /** Re-ingest of the unchanged corpus (median of `reingestRepeats`). */
  reingestMs: number;
  reingestRepeats: number;
  upToDate: boolean;
}

/**
 * Ingests `corpusDir` into a fresh index under `workDir`, re-embeds the very texts ingest embedded with
 * nothing around them, and re-ingests the unchanged corpus. With `repeats` > 1 the fresh ingest and the raw
 * embedding alternate and the medians are kept, so a drift in the embedder's speed hits both alike; `warmUp`
 * runs one untimed ingest first, so neither side pays the embedder's first pass over new batch shapes.
 * Returns the index folder and the embedded texts too, for later parts.
 */
export async function measureIngest(
  label: string,
  corpusDir: string,
  workDir: string,
  embeddings: CitebotEmbeddings,
  settings: IngestSettings,
  plan: { repeats: number; warmUp: boolean },
  reingestRepeats = 3,
): Promise<{ run: IngestRun; indexDir: string; texts: string[] }> {
  const indexDir = path.join(workDir, `index-${label.replace(/\W+/g, "-")}`);
  const timed = new TimedEmbeddings(embeddings);
  const options = { corpusDir, indexDir, ...settings, embeddings: timed, logger: silentLogger() };

  const ingests: number[] = [];
  const insideEmbedder: number[] = [];
  const raws: number[] = [];
  let summary: IngestSummary | undefined;
  let texts: string[] = [];
  let coldIngestMs: number | undefined;
  const rounds = plan.repeats + (plan.warmUp ? 1 : 0);
  for (let i = 0; i < rounds; i++) {
    await fs.rm(indexDir, { recursive: true, force: true });
    timed.reset();
    const started = performance.now();
    summary = await ingest(options);
    const ingestMs = performance.now() - started;
    texts = timed.texts;
    if (plan.warmUp && i === 0) {
      coldIngestMs = ingestMs;
      continue;
    }
    ingests.push(ingestMs);
    insideEmbedder.push(timed.embedMs);
    const rawStarted = performance.now();
    await embeddings.embedDocuments(texts);
    raws.push(performance.now() - rawStarted);
  }
  if (!summary) throw new Error("measureIngest needs at least one repeat");

  const reingests: number[] = [];
  let upToDate = true;
  for (let i = 0; i < reingestRepeats; i++) {
    const again = performance.now();
    const result = await ingest(options);
    reingests.push(performance.now() - again);
    upToDate &&= result.upToDate;
  }

  const ingestMs = median(ingests);
  const rawEmbedMs = median(raws);
  const embedderMsInIngest = median(insideEmbedder);
  return {
    indexDir,
    texts,
    run: {
      label,
      files: summary.files,
      documents: summary.documents,
      chunks: summary.chunks,
      sentences: summary.units,
      texts: texts.length,
      characters: texts.reduce((sum, text) => sum + text.length, 0),
      repeats: plan.repeats,
      coldIngestMs,
      ingestMs,
      embedderMsInIngest,
      rawEmbedMs,
      overhead: ingestMs / rawEmbedMs - 1,
      overheadOutsideEmbedder: (ingestMs - embedderMsInIngest) / embedderMsInIngest,
      reingestMs: median(reingests),
      reingestRepeats,
      upToDate,
    },
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
