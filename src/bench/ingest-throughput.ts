import fs from "node:fs/promises";
import path from "node:path";
import type { CitebotEmbeddings } from "../index/embedder.js";
import { ingest, type IngestSummary } from "../index/ingest.js";
import { silentLogger } from "../logger.js";
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
 * nothing around them, and re-ingests the unchanged corpus. Returns the index folder and the embedded texts too, for later parts.
 */
export async function measureIngest(
  label: string,
  corpusDir: string,
  workDir: string,
  embeddings: CitebotEmbeddings,
  settings: IngestSettings,
  reingestRepeats = 3,
): Promise<{ run: IngestRun; indexDir: string; texts: string[] }> {
  const indexDir = path.join(workDir, `index-${label.replace(/\W+/g, "-")}`);
  await fs.rm(indexDir, { recursive: true, force: true });
  const timed = new TimedEmbeddings(embeddings);
  const options = { corpusDir, indexDir, ...settings, embeddings: timed, logger: silentLogger() };

  const started = performance.now();
  const summary: IngestSummary = await ingest(options);
  const ingestMs = performance.now() - started;
  const texts = timed.texts;
  const embedderMsInIngest = timed.embedMs;

  const rawStarted = performance.now();
  await embeddings.embedDocuments(texts);
  const rawEmbedMs = performance.now() - rawStarted;

  const reingests: number[] = [];
  let upToDate = true;
  for (let i = 0; i < reingestRepeats; i++) {
    const again = performance.now();
    const result = await ingest(options);
    reingests.push(performance.now() - again);
    upToDate &&= result.upToDate;
  }
  reingests.sort((a, b) => a - b);

  return {
    indexDir,
    texts,
    run: {
      label,
      files: summary.files,
      documents: summary.documents,
      chunks: summary.chunks,
      sentences: summary.sentences,
      texts: texts.length,
      characters: texts.reduce((sum, text) => sum + text.length, 0),
      ingestMs,
      embedderMsInIngest,
      rawEmbedMs,
      overhead: ingestMs / rawEmbedMs - 1,
      overheadOutsideEmbedder: (ingestMs - embedderMsInIngest) / embedderMsInIngest,
      reingestMs: reingests[Math.floor(reingests.length / 2)] ?? Number.NaN,
      reingestRepeats,
      upToDate,
    },
  };
}
