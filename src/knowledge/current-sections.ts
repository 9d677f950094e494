import { currentGeneration } from "../index/store.js";
import { readSectionHashes, type SectionHashes } from "./section-hashes.js";

/** The section hashes of the generation the index serves now, read again only when an ingest has written a new one. */
export interface CurrentSections {
  /** What `refresh` last read; undefined before it, or without an index. */
  latest(): SectionHashes | undefined;
  refresh(): Promise<SectionHashes | undefined>;
}

export function followSections(indexDir: string): CurrentSections {
  let latest: SectionHashes | undefined;
  let reading: Promise<SectionHashes | undefined> | undefined;
  return {
    latest: () => latest,
    async refresh() {
      const generation = await currentGeneration(indexDir);
      if (generation === undefined || generation === latest?.generation) return latest;
      // Questions answered together share one read of the new generation's chunks.
      reading ??= readSectionHashes(indexDir).finally(() => (reading = undefined));
      latest = await reading;
      return latest;
    },
  };
}
