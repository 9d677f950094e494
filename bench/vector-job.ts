import { z } from "zod";

/** What the parent asks a vector-search child process to measure (passed as JSON in argv). */
export const VectorJob = z.object({
  kind: z.enum(["hnswlib", "exact", "memory", "hnswlib-raw"]),
  params: z.object({ m: z.number().int().positive(), efConstruction: z.number().int().positive() }).optional(),
  baseFile: z.string(),
  queriesFile: z.string(),
  dimension: z.number().int().positive(),
  k: z.number().int().positive(),
  /** Queries used, from the start of the queries file. */
  queryLimit: z.number().int().positive(),
  /** Untimed queries run first so the JIT and caches are warm for every store alike. */
  warmup: z.number().int().nonnegative(),
  /** Exact top-k per query; with `efGrid`, the child picks the smallest efSearch reaching `targetRecall`. */
  truthFile: z.string().optional(),
  efGrid: z.array(z.number().int().positive()).default([]),
  targetRecall: z.number().min(0).max(1).default(0.95),
  outFile: z.string(),
});
export type VectorJob = z.infer<typeof VectorJob>;

/** Row ids per query, best first: the exact search's answer, which the others are scored against. */
export const NeighbourLists = z.array(z.array(z.number().int().nonnegative()));

export const EfSweepPoint = z.object({ efSearch: z.number(), recall: z.number(), p50: z.number(), p99: z.number() });
export type EfSweepPoint = z.infer<typeof EfSweepPoint>;

export const VectorJobResult = z.object({
  kind: VectorJob.shape.kind,
  buildMs: z.number(),
  latenciesMs: z.array(z.number()),
  ids: NeighbourLists,
  /** Set for hnswlib: the efSearch the timed pass used. */
  efSearch: z.number().optional(),
  sweep: z.array(EfSweepPoint),
  memory: z.object({
    /** RSS after the build (input vectors released, GC run) minus RSS before the vectors were read. */
    storeBytes: z.number(),
    rssAfterQueriesBytes: z.number(),
    peakRssBytes: z.number(),
  }),
});
export type VectorJobResult = z.infer<typeof VectorJobResult>;
