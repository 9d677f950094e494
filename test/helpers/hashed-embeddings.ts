import { createHash } from "node:crypto";
import { CitebotEmbeddings } from "../../src/index/embedder.js";
import { contentTerms } from "../../src/index/terms.js";
import { normalise } from "../../src/index/vectors.js";

export const HASHED_DIMENSION = 64;

/**
 * A fast, deterministic stand-in for a real model: each stemmed content word adds ±1 to one of 64
 * hashed slots. Texts that share words land close together, which is all the index tests need.
 * It records every text it embeds, so a test can count what an ingest re-embedded.
 */
export class HashedBagOfWords extends CitebotEmbeddings {
  readonly id: string;
  readonly dimension = HASHED_DIMENSION;
  readonly embedded: string[] = [];

  constructor(options: { id?: string } = {}) {
    super({});
    this.id = options.id ?? "hashed-bow-64@test";
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    this.embedded.push(...texts);
    return texts.map(vectorOf);
  }

  async embedQuery(text: string): Promise<number[]> {
    return vectorOf(text);
  }
}

function vectorOf(text: string): number[] {
  const vector: number[] = Array.from({ length: HASHED_DIMENSION }, () => 0);
  for (const term of contentTerms(text)) {
    const digest = createHash("sha1").update(term).digest();
    const slot = (digest[0] ?? 0) % HASHED_DIMENSION;
    vector[slot] = (vector[slot] ?? 0) + ((digest[1] ?? 0) % 2 === 0 ? 1 : -1);
  }
  // An empty or stop-word-only text still needs a unit vector for cosine search.
  if (!vector.some((value) => value !== 0)) vector[0] = 1;
  return normalise(vector);
}
