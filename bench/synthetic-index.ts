import { deriveEngineFiles } from "../src/engine/prepared-index.js";
import type { Chunk } from "../src/corpus/document.js";
import type { CitebotEmbeddings } from "../src/index/embedder.js";
import type { ManifestDocument } from "../src/index/manifest.js";
import { type LoadedIndex, writeIndex } from "../src/index/store.js";
import { row } from "../src/index/vectors.js";
import { createRandom } from "./random.js";
import { clusteredVectors } from "./synthetic-vectors.js";
import { swapWords, vocabularyOf } from "./varied-corpus.js";

export interface SyntheticIndexSummary {
  chunks: number;
  sentences: number;
  documents: number;
  writeMs: number;
}

/**
 * Writes an index of `chunkCount` chunks shaped like the real one: each chunk copies a real chunk's
 * sentences (with a fifth of the words swapped, so the BM25 vocabulary grows as a real corpus would) and
 * their real sentence vectors, chunks per document as in the real corpus, and a synthetic clustered
 * vector per chunk so the hnswlib graph is built over distinct points. Goes through `writeIndex`.
 */
export async function writeSyntheticIndex(indexDir: string, real: LoadedIndex, chunkCount: number, embeddings: CitebotEmbeddings, seed: number): Promise<SyntheticIndexSummary> {
  const random = createRandom(seed);
  const vocabulary = vocabularyOf(real.chunks.map((chunk) => chunk.text));
  const chunksPerDocument = Math.max(1, Math.round(real.chunks.length / Math.max(1, real.manifest.documents.length)));
  const firstUnitRow: number[] = [];
  real.chunks.reduce((next, chunk) => {
    firstUnitRow.push(next);
    return next + chunk.units.length;
  }, 0);

  const chunks: Chunk[] = [];
  const unitRows: number[] = [];
  for (let i = 0; i < chunkCount; i++) {
    const templateIndex = i % real.chunks.length;
    const template = real.chunks[templateIndex] as Chunk;
    const documentNo = Math.floor(i / chunksPerDocument);
    const units = template.units.map((unit, u) => {
      unitRows.push((firstUnitRow[templateIndex] ?? 0) + u);
      return { ...unit, text: unit.kind === "code" ? unit.text : swapWords(unit.text, vocabulary, random) };
    });
    chunks.push({
      ...template,
      id: `synthetic-${documentNo}#${i}`,
      source: `synthetic/doc-${documentNo}.md`,
      title: `${template.title} (${documentNo})`,
      url: `/synthetic/${documentNo}/`,
      text: units.map((unit) => unit.text).join("\n"),
      units,
    });
  }

  const dimension = real.chunkVectors.dimension;
  const unitData = new Float32Array(unitRows.length * dimension);
  unitRows.forEach((from, to) => unitData.set(row(real.unitVectors, from), to * dimension));
  const chunkVectors = clusteredVectors({ rows: chunkCount, dimension, clusters: Math.max(10, Math.round(chunkCount / 500)), seed }, { seed: seed + 1, rows: chunkCount });

  const documents = new Map<string, ManifestDocument>();
  for (const chunk of chunks) {
    const entry = documents.get(chunk.source) ?? { source: chunk.source, title: chunk.title, url: chunk.url, hash: chunk.source, chunkIds: [] };
    entry.chunkIds.push(chunk.id);
    documents.set(chunk.source, entry);
  }
  const started = performance.now();
  await writeIndex(
    indexDir,
    {
      manifest: {
        embedder: { id: embeddings.id, dimension: embeddings.dimension },
        documents: [...documents.values()],
        dropped: [],
        skipped: [],
        counts: { chunks: chunks.length, units: unitRows.length },
      },
      chunks,
      chunkVectors,
      headingVectors: chunkVectors,
      unitVectors: { dimension, rows: unitRows.length, data: unitData },
      // What ingest persists (index format 3), so start-up reads the lexical index rather than rebuilding it.
      derived: deriveEngineFiles(chunks),
    },
    embeddings,
  );
  return { chunks: chunks.length, sentences: unitRows.length, documents: documents.size, writeMs: performance.now() - started };
}
