import { z } from "zod";

/** 3: chunk table + bodies read on demand, persisted lexical index, no docstore.json (see open-generation.ts). 2 still opens. */
export const INDEX_FORMAT_VERSION = 3;

export const ManifestDocument = z.object({
  source: z.string(),
  title: z.string(),
  url: z.string(),
  /** sha256 of the file's raw text: unchanged hash → its chunks and vectors are reused. */
  hash: z.string(),
  chunkIds: z.array(z.string()),
});
export type ManifestDocument = z.infer<typeof ManifestDocument>;

export const Manifest = z.object({
  formatVersion: z.union([z.literal(2), z.literal(INDEX_FORMAT_VERSION)]),
  embedder: z.object({ id: z.string(), dimension: z.number().int().positive() }),
  createdAt: z.string(),
  hnsw: z.object({ m: z.number().int(), efConstruction: z.number().int() }),
  documents: z.array(ManifestDocument),
  dropped: z.array(z.object({ dropped: z.string(), keptInstead: z.string(), similarity: z.number() })),
  skipped: z.array(z.object({ source: z.string(), reason: z.string() })),
  counts: z.object({ chunks: z.number().int(), units: z.number().int() }),
  /** sha256 of every other file in the generation, checked at load to catch a corrupt index. */
  files: z.record(z.string(), z.string()),
});
export type Manifest = z.infer<typeof Manifest>;
