import { chunkByHeadings, renderBlocks, unitsOf } from "../../src/corpus/chunk.js";
import type { Block, Chunk } from "../../src/corpus/document.js";
import { loadMarkdown, markdownToBlocks } from "../../src/corpus/load-markdown.js";
import type { Passage } from "../../src/engine/retrieve.js";

type ChunkFields = Omit<Chunk, "text" | "units">;

/** One section's chunk, with the text and units chunkByHeadings would give its Markdown body. */
export function sectionChunk(fields: ChunkFields, markdown: string): Chunk {
  return chunkOfBlocks(fields, markdownToBlocks(markdown));
}

/** One section's chunk of a single paragraph, its text kept exactly as given (no Markdown parsing). */
export function paragraphChunk(fields: ChunkFields, text: string): Chunk {
  return chunkOfBlocks(fields, [{ kind: "paragraph", text }]);
}

function chunkOfBlocks(fields: ChunkFields, blocks: Block[]): Chunk {
  return { ...fields, text: renderBlocks(blocks), units: unitsOf(blocks) };
}

/** The chunks of Markdown documents, keyed by file name, as ingest cuts them. */
export function chunksOf(files: Record<string, string>, maxChars = 1_500): Chunk[] {
  return Object.entries(files).flatMap(([source, markdown]) => chunkByHeadings(loadMarkdown(source, markdown), maxChars));
}

/** A retrieved passage whose every similarity and score is `dense`; the one place tests build a Passage. */
export function passageOf(index: number, chunk: Chunk, dense: number): Passage {
  return {
    index,
    chunk,
    dense,
    heading: dense,
    lexical: 1,
    unitSimilarity: chunk.units.map(() => dense),
    bestUnit: dense,
    coverage: 1,
    headingCoverage: 0,
    nameMatch: 1,
    score: dense,
  };
}
