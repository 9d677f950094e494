import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { chunkByHeadings } from "../../src/corpus/chunk.js";
import type { Chunk } from "../../src/corpus/document.js";
import { loadCorpus } from "../../src/corpus/load-corpus.js";
import { buildLexicalIndex, decodeLexicalIndex, encodeLexicalIndex, type LexicalIndex } from "../../src/index/lexical.js";
import { contentTerms } from "../../src/index/terms.js";
import { DEFAULTS, REPO_ROOT } from "../helpers/real-corpus.js";

const CORPORA = ["corpus", "eval/corpora/undici", "eval/corpora/fastify-guides"];

/** Every question of the eval sets, plus the words of each, so single terms exercise prefix and fuzzy matching. */
function queries(): string[] {
  const questions = fs
    .readdirSync(path.join(REPO_ROOT, "eval/sets"))
    .flatMap((file) => (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "eval/sets", file), "utf8")) as { questions: Array<{ question: string }> }).questions.map((entry) => entry.question));
  return [...questions, ...new Set(questions.flatMap((question) => question.split(/\s+/)))];
}

async function chunksOf(corpus: string): Promise<Chunk[]> {
  const loaded = await loadCorpus(path.join(REPO_ROOT, corpus), { maxFileBytes: DEFAULTS.MAX_FILE_BYTES });
  return loaded.documents.flatMap((document) => chunkByHeadings(document, DEFAULTS.CHUNK_MAX_CHARS));
}

describe.each(CORPORA)("the persisted lexical index of %s", (corpus) => {
  let chunks: Chunk[];
  let built: LexicalIndex;
  let loaded: LexicalIndex;
  beforeAll(async () => {
    chunks = await chunksOf(corpus);
    built = buildLexicalIndex(chunks);
    const files = encodeLexicalIndex(chunks);
    loaded = decodeLexicalIndex({ json: files.json, binary: new Uint8Array(files.binary) });
  });

  it("ranks every eval question and word exactly as MiniSearch does, scores included", () => {
    const all = queries();
    const differing = all.filter((query) => JSON.stringify(loaded.search(query, 30)) !== JSON.stringify(built.search(query, 30)));
    expect(differing).toEqual([]);
  });

  it("keeps the idf of every term of the corpus", () => {
    const terms = [...new Set(chunks.flatMap((chunk) => contentTerms(`${chunk.section} ${chunk.text}`)))];
    expect(terms.filter((term) => loaded.idf(term) !== built.idf(term) || !loaded.knows(term))).toEqual([]);
  });
});

describe("decodeLexicalIndex on damaged files", () => {
  it("throws when the postings are cut short", async () => {
    const files = encodeLexicalIndex(await chunksOf("corpus"));
    expect(() => decodeLexicalIndex({ json: files.json, binary: files.binary.subarray(0, files.binary.length - 2) })).toThrow(/lexical postings hold/);
  });

  it("throws when lexical.json is not what ingest writes", () => {
    expect(() => decodeLexicalIndex({ json: JSON.stringify({ version: 1 }), binary: new Uint8Array() })).toThrow();
  });
});

describe("a persisted lexical index of unaligned bytes", () => {
  it("searches the same as one from aligned bytes", async () => {
    const chunks = await chunksOf("corpus");
    const files = encodeLexicalIndex(chunks);
    const shifted = new Uint8Array(files.binary.length + 1).subarray(1);
    shifted.set(files.binary);
    expect(decodeLexicalIndex({ json: files.json, binary: shifted }).search("django scaling", 5)).toEqual(buildLexicalIndex(chunks).search("django scaling", 5));
  });
});
