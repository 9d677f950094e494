import { z } from "zod";
import type { Chunk, Unit } from "../corpus/document.js";

// chunks.json as written by writeIndex: the chunks of src/corpus/document.ts, checked field by field at load.
// The two assertions at the end fail to compile when Chunk or Unit gains, loses or changes a field.

const UnitKind = z.enum(["sentence", "item", "list", "row", "code", "label"]);

const UnitSchema = z.object({
  kind: UnitKind,
  text: z.string(),
  block: z.number().int().nonnegative(),
  leadIn: z.number().int().nonnegative().optional(),
  depth: z.number().int().nonnegative().optional(),
  ordinal: z.number().int().optional(),
  lang: z.string().optional(),
});

const ChunkSchema = z.object({
  id: z.string().min(1),
  source: z.string(),
  title: z.string(),
  section: z.string(),
  url: z.string(),
  text: z.string(),
  units: z.array(UnitSchema),
  page: z.number().int().positive().optional(),
});

export const ChunksFile = z.object({ chunks: z.array(ChunkSchema) });

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const unitMatches: Same<z.infer<typeof UnitSchema>, Unit> = true;
const chunkMatches: Same<z.infer<typeof ChunkSchema>, Chunk> = true;
void unitMatches;
void chunkMatches;
