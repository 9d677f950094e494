import { createHash } from "node:crypto";
import { z } from "zod";
import type { Chunk, SourceDocument } from "../corpus/document.js";
import { chunkEmbeddingText, headingEmbeddingText, unitEmbeddingText } from "./embedding-text.js";
import { chunkByHeadings } from "../corpus/chunk.js";
import { dropNearDuplicates, type DroppedDuplicate } from "../corpus/dedupe.js";
import { loadCorpus, type SkippedFile } from "../corpus/load-corpus.js";
import { CitebotError, ErrorCode } from "../errors.js";
import type { Logger } from "../logger.js";
import { resolveOptions } from "../options.js";
import type { CitebotEmbeddings } from "./embedder.js";
import { INDEX_FORMAT_VERSION, type ManifestDocument } from "./manifest.js";
import { silentProgress, type Progress } from "./progress.js";
import { openIndex, writeIndex, type LoadedIndex } from "./store.js";
import { row, toMatrix } from "./vectors.js";

/** Embedding calls ingest keeps going at once (see embedChunks). */
const STEPS_IN_FLIGHT = 4;

/** Bump when loading, cleaning or chunking changes, so re-ingest re-chunks every document. */
const PIPELINE_VERSION = "10";

export interface IngestOptions {
  corpusDir: string;
  indexDir: string;
  /** Files larger than this are skipped with a warning (MAX_FILE_BYTES). */
  maxFileBytes?: number;
  /** Sections longer than this are split into several chunks (CHUNK_MAX_CHARS). */
  chunkMaxChars?: number;
  embeddings: CitebotEmbeddings;
  logger: Logger;
  progress?: Progress;
  hooks?: { beforeSwitch?: () => Promise<void> };
  /** Files an upper layer derives from the chunks, written into the generation (the engine's deriveEngineFiles). */
  derive?: (chunks: readonly Chunk[]) => Record<string, string | Buffer>;
}

type IngestLimits = Pick<IngestOptions, "maxFileBytes" | "chunkMaxChars">;

export const defaultIngestLimits = { maxFileBytes: 2_000_000, chunkMaxChars: 1_500 } as const satisfies Required<IngestLimits>;

const INGEST_LIMIT_CHECKS = { maxFileBytes: z.number().int().min(1), chunkMaxChars: z.number().int().min(1) };

export interface IngestSummary {
  files: number;
  documents: number;
  dropped: DroppedDuplicate[];
  skipped: SkippedFile[];
  chunks: number;
  units: number;
  embeddedChunks: number;
  reusedChunks: number;
  upToDate: boolean;
  ms: number;
}

interface PlannedDocument {
  document: SourceDocument;
  hash: string;
  chunks: Chunk[];
  /** Set when the previous index already holds this document's vectors. */
  reuseFrom?: { chunkRows: number[]; unitRows: number[][] };
}

/** Corpus folder → cleaned, de-duplicated, chunked, embedded index; re-embeds only what changed. */
export async function ingest(given: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  const limits = resolveOptions<IngestLimits>("ingest", defaultIngestLimits, { maxFileBytes: given.maxFileBytes, chunkMaxChars: given.chunkMaxChars }, INGEST_LIMIT_CHECKS);
  const options = { ...given, ...limits };
  const { logger, embeddings } = options;
  const corpus = await loadCorpus(options.corpusDir, { maxFileBytes: options.maxFileBytes }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new CitebotError(
        ErrorCode.CorpusMissing,
        `CORPUS_DIR: the folder ${options.corpusDir} does not exist. Create it and put your documents in it (Markdown, HTML, text, PDF or Word), or set CORPUS_DIR in .env to the folder that holds them; then run \`npm run ingest\` again.`,
        { cause: error },
      );
    }
    throw new CitebotError(ErrorCode.CorpusEmpty, `Cannot read the corpus folder ${options.corpusDir} (CORPUS_DIR): ${(error as Error).message}`, { cause: error });
  });
  for (const skipped of corpus.skipped) logger.warn({ file: skipped.source }, `skipped ${skipped.source}: ${skipped.reason}`);
  const { kept, dropped } = dropNearDuplicates(corpus.documents);
  for (const duplicate of dropped) logger.info(duplicate, `dropped ${duplicate.dropped}: near-duplicate of ${duplicate.keptInstead} (similarity ${duplicate.similarity.toFixed(2)})`);
  if (kept.length === 0) {
    throw new CitebotError(ErrorCode.CorpusEmpty, `No readable documents in ${options.corpusDir} (CORPUS_DIR). Add Markdown, HTML, text, PDF or Word (.docx) files and run \`npm run ingest\` again.`);
  }

  const previous = await openPrevious(options.indexDir, embeddings, logger);
  try {
    return await ingestOver(previous, { ...options, corpus, kept, dropped, started });
  } finally {
    previous?.close();
  }
}

/** The rest of ingest, given what the previous index holds (its chunk bodies and vectors are read from its files). */
async function ingestOver(
  previous: LoadedIndex | undefined,
  options: IngestOptions & Required<IngestLimits> & { corpus: Awaited<ReturnType<typeof loadCorpus>>; kept: SourceDocument[]; dropped: DroppedDuplicate[]; started: number },
): Promise<IngestSummary> {
  const { embeddings, corpus, kept, dropped, started } = options;
  const progress = options.progress ?? silentProgress;
  const reuse = previous ? reusableRows(previous) : undefined;
  const plans = await Promise.all(kept.map((document) => plan(document, corpus.raw.get(document.source) ?? "", options.chunkMaxChars, previous, reuse)));
  const fileCount = corpus.documents.length + corpus.skipped.length;
  const summaryBase = { files: fileCount, documents: kept.length, dropped, skipped: corpus.skipped };

  // An index in an older format, or without the files `derive` adds, is rewritten even when nothing changed: its
  // vectors are reused, so that costs seconds, and start-up then reads what it would otherwise rebuild.
  const current = previous?.manifest.formatVersion === INDEX_FORMAT_VERSION && (!options.derive || Object.keys(previous.derived).length > 0);
  if (previous && current && isUnchanged(previous, plans, dropped, corpus.skipped)) {
    const chunks = previous.chunks.length;
    return { ...summaryBase, chunks, units: previous.manifest.counts.units, embeddedChunks: 0, reusedChunks: chunks, upToDate: true, ms: performance.now() - started };
  }

  const fresh = plans.filter((entry) => !entry.reuseFrom).flatMap((entry) => entry.chunks);
  const total = plans.reduce((sum, entry) => sum + entry.chunks.length, 0);
  const freshVectors = await embedChunks(fresh, embeddings, progress, embeddingLabel(fresh.length, total));
  const chunks: Chunk[] = [];
  const chunkVectors: number[][] = [];
  const headingVectors: number[][] = [];
  const unitVectors: number[][] = [];
  for (const entry of plans) {
    entry.chunks.forEach((chunk, i) => {
      chunks.push(chunk);
      if (entry.reuseFrom && previous) {
        chunkVectors.push(Array.from(row(previous.chunkVectors, entry.reuseFrom.chunkRows[i] ?? 0)));
        headingVectors.push(Array.from(row(previous.headingVectors, entry.reuseFrom.chunkRows[i] ?? 0)));
        for (const unitRow of entry.reuseFrom.unitRows[i] ?? []) unitVectors.push(Array.from(row(previous.unitVectors, unitRow)));
      } else {
        const vectors = freshVectors.get(chunk.id);
        if (!vectors) throw new CitebotError(ErrorCode.IngestFailed, `No vectors were produced for chunk ${chunk.id}`);
        chunkVectors.push(vectors.chunk);
        headingVectors.push(vectors.heading);
        unitVectors.push(...vectors.units);
      }
    });
  }
  const manifestDocuments: ManifestDocument[] = plans.map((entry) => ({
    source: entry.document.source,
    title: entry.document.title,
    url: entry.document.url,
    hash: entry.hash,
    chunkIds: entry.chunks.map((chunk) => chunk.id),
  }));
  await writeIndex(
    options.indexDir,
    {
      manifest: {
        embedder: { id: embeddings.id, dimension: embeddings.dimension },
        documents: manifestDocuments,
        dropped,
        skipped: corpus.skipped,
        counts: { chunks: chunks.length, units: unitVectors.length },
      },
      chunks,
      chunkVectors: toMatrix(chunkVectors, embeddings.dimension),
      headingVectors: toMatrix(headingVectors, embeddings.dimension),
      unitVectors: toMatrix(unitVectors, embeddings.dimension),
      derived: options.derive?.(chunks),
    },
    embeddings,
    options.hooks,
  );
  return { ...summaryBase, chunks: chunks.length, units: unitVectors.length, embeddedChunks: fresh.length, reusedChunks: chunks.length - fresh.length, upToDate: false, ms: performance.now() - started };
}

async function openPrevious(indexDir: string, embeddings: CitebotEmbeddings, logger: Logger): Promise<LoadedIndex | undefined> {
  try {
    return await openIndex(indexDir, embeddings);
  } catch (error) {
    const code = error instanceof CitebotError ? error.code : ErrorCode.Unknown;
    if (code !== ErrorCode.IndexMissing) logger.warn({ code }, `rebuilding the whole index: ${(error as Error).message}`);
    return undefined;
  }
}

interface ReusableRows {
  rowOf: Map<string, number>;
  firstUnitRow: number[];
  documents: Map<string, ManifestDocument>;
}

/** Lookups into the previous index, built once per ingest rather than once per document. */
function reusableRows(previous: LoadedIndex): ReusableRows {
  return {
    rowOf: new Map(previous.chunks.map((chunk, index) => [chunk.id, index])),
    firstUnitRow: unitRowStarts(previous.chunks),
    documents: new Map(previous.manifest.documents.map((entry) => [entry.source, entry])),
  };
}

async function plan(document: SourceDocument, raw: string | Uint8Array, chunkMaxChars: number, previous: LoadedIndex | undefined, reuse: ReusableRows | undefined): Promise<PlannedDocument> {
  const hash = createHash("sha256").update(`${PIPELINE_VERSION}\u0000${chunkMaxChars}\u0000${document.title}\u0000${document.url}\u0000`).update(raw).digest("hex");
  const candidate = reuse?.documents.get(document.source);
  const before = candidate?.hash === hash ? candidate : undefined;
  if (previous && reuse && before) {
    const { rowOf, firstUnitRow } = reuse;
    const chunkRows = before.chunkIds.map((id) => rowOf.get(id));
    if (chunkRows.every((value): value is number => value !== undefined)) {
      const chunks = chunkRows.map((index) => previous.chunks[index] as Chunk);
      const unitRows = chunkRows.map((index) => previous.chunks[index]?.units.map((_, u) => (firstUnitRow[index] ?? 0) + u) ?? []);
      return { document, hash, chunks, reuseFrom: { chunkRows, unitRows } };
    }
  }
  return { document, hash, chunks: chunkByHeadings(document, chunkMaxChars) };
}

function unitRowStarts(chunks: Chunk[]): number[] {
  const starts: number[] = [];
  let next = 0;
  for (const chunk of chunks) {
    starts.push(next);
    next += chunk.units.length;
  }
  return starts;
}

function isUnchanged(previous: LoadedIndex, plans: PlannedDocument[], dropped: DroppedDuplicate[], skipped: SkippedFile[]): boolean {
  const sameDocuments =
    plans.length === previous.manifest.documents.length && plans.every((entry, i) => entry.reuseFrom && previous.manifest.documents[i]?.source === entry.document.source);
  const sameDropped = JSON.stringify(dropped.map((d) => d.dropped)) === JSON.stringify(previous.manifest.dropped.map((d) => d.dropped));
  const sameSkipped = JSON.stringify(skipped.map((s) => s.source)) === JSON.stringify(previous.manifest.skipped.map((s) => s.source));
  return sameDocuments && sameDropped && sameSkipped;
}

/** "Embedding 5 of 66 chunks (61 unchanged)": what the progress bar is counting, in chunks a person can relate to the corpus. */
function embeddingLabel(fresh: number, total: number): string {
  const unchanged = total - fresh;
  return `Embedding ${fresh === total ? "" : `${fresh} of `}${total} chunk${total === 1 ? "" : "s"}${unchanged > 0 ? ` (${unchanged} unchanged)` : ""}`;
}

async function embedChunks(chunks: Chunk[], embeddings: CitebotEmbeddings, progress: Progress, label: string): Promise<Map<string, { chunk: number[]; heading: number[]; units: number[][] }>> {
  const result = new Map<string, { chunk: number[]; heading: number[]; units: number[][] }>();
  if (chunks.length === 0) return result;
  const texts = chunks.flatMap((chunk) => [chunkEmbeddingText(chunk), headingEmbeddingText(chunk), ...chunk.units.map((unit) => unitEmbeddingText(chunk, unit))]);
  // The bar counts texts (each chunk, its heading path and each unit are embedded apart); the label counts chunks.
  progress.start(label, texts.length);
  // Similar lengths batch together (the embedder pads each batch to its longest text).
  const order = texts.map((_, i) => i).sort((a, b) => (texts[a] ?? "").length - (texts[b] ?? "").length);
  const vectors: number[][] = new Array<number[]>(texts.length);
  const step = 128;
  const steps: number[][] = [];
  for (let i = 0; i < order.length; i += step) steps.push(order.slice(i, i + step));
  // Several steps in flight: an embedder with worker threads never waits at a step's end for its slowest batch.
  let next = 0;
  const runSteps = async () => {
    for (let slots = steps[next++]; slots; slots = steps[next++]) {
      const embedded = await embeddings.embedDocuments(slots.map((slot) => texts[slot] ?? ""));
      slots.forEach((slot, j) => {
        vectors[slot] = embedded[j] ?? [];
      });
      progress.advance(slots.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: STEPS_IN_FLIGHT }, runSteps));
  } finally {
    progress.stop();
  }
  let cursor = 0;
  for (const chunk of chunks) {
    const chunkVector = vectors[cursor++] ?? [];
    const heading = vectors[cursor++] ?? [];
    const units = chunk.units.map(() => vectors[cursor++] ?? []);
    result.set(chunk.id, { chunk: chunkVector, heading, units });
  }
  return result;
}
