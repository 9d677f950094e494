import { createHash } from "node:crypto";
import type { Chunk } from "../corpus/document.js";
import { readIndexChunks } from "../index/store.js";
import type { CitedSection } from "../store/questions.js";

/** A hash of a section's text: the questions log records it for each cited section, so a later change is noticed. */
export function sectionContentHash(chunk: Pick<Chunk, "text">): string {
  return createHash("sha256").update(chunk.text).digest("hex").slice(0, 32);
}

/**
 * How a cited section stands in an index generation:
 * - `unchanged`: its text is still in the same document (under the same heading, or a renamed one);
 * - `changed`: the document still has that section, with other text;
 * - `removed`: neither the section nor its text is in the document any more (or the document is gone).
 */
export type SectionState = "unchanged" | "changed" | "removed";

/** One index generation's sections, reduced to hashes: what the questions log and the stale check need, without the text. */
export interface SectionHashes {
  readonly generation: string;
  /** The content hash of a chunk of this generation; undefined when the generation has no such chunk. */
  hashOf(chunkId: string): string | undefined;
  stateOf(cited: CitedSection): SectionState;
}

const key = (source: string, section: string) => `${source}\u0000${section}`;

export function sectionHashesOf(generation: string, chunks: readonly Chunk[]): SectionHashes {
  const byId = new Map<string, string>();
  const bySection = new Map<string, Set<string>>();
  const bySource = new Map<string, Set<string>>();
  for (const chunk of chunks) {
    const hash = sectionContentHash(chunk);
    byId.set(chunk.id, hash);
    const section = bySection.get(key(chunk.source, chunk.section)) ?? new Set<string>();
    bySection.set(key(chunk.source, chunk.section), section.add(hash));
    const source = bySource.get(chunk.source) ?? new Set<string>();
    bySource.set(chunk.source, source.add(hash));
  }
  return {
    generation,
    hashOf: (chunkId) => byId.get(chunkId),
    stateOf(cited) {
      // Chunk ids hash source, heading path and text: the same id is the same text in the same place.
      if (byId.has(cited.chunkId)) return "unchanged";
      if (cited.contentHash && bySource.get(cited.source)?.has(cited.contentHash)) return "unchanged";
      return bySection.has(key(cited.source, cited.section)) ? "changed" : "removed";
    },
  };
}

/** The current generation of the index in `indexDir`, as hashes; undefined when there is no index yet. */
export async function readSectionHashes(indexDir: string): Promise<SectionHashes | undefined> {
  const current = await readIndexChunks(indexDir);
  return current ? sectionHashesOf(current.generation, current.chunks) : undefined;
}
