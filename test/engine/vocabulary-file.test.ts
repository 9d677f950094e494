import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { chunkByHeadings } from "../../src/corpus/chunk.js";
import { loadCorpus } from "../../src/corpus/load-corpus.js";
import { collectVocabulary, restoreVocabulary, serialiseVocabulary, vocabularyFrom, type Vocabulary } from "../../src/engine/vocabulary.js";
import { DEFAULTS, REPO_ROOT } from "../helpers/real-corpus.js";

/** A third of the eval questions' words, and every twelfth with a letter dropped or two swapped (typos for `correct`). */
function words(): string[] {
  const text = fs
    .readdirSync(path.join(REPO_ROOT, "eval/sets"))
    .map((file) => fs.readFileSync(path.join(REPO_ROOT, "eval/sets", file), "utf8"))
    .join(" ");
  const plain = [...new Set(text.match(/[\p{Letter}][\p{Letter}\p{Number}'’]*/gu) ?? [])];
  const some = plain.filter((_, i) => i % 12 === 0);
  return [...plain.filter((_, i) => i % 3 === 0), ...some.map((word) => word.slice(0, 1) + word.slice(2)), ...some.map((word) => (word.length > 3 ? word[0] + (word[2] ?? "") + (word[1] ?? "") + word.slice(3) : `${word}s`))];
}

// A word that throws (a key of Object.prototype, such as "constructor", in `correct`) must throw alike.
const read = (vocabulary: Vocabulary, word: string) => {
  try {
    return [vocabulary.count(word), vocabulary.capitalisation(word), vocabulary.isName(word), vocabulary.isName(word, true), vocabulary.correct(word)];
  } catch (error) {
    return (error as Error).message;
  }
};

describe.each(["corpus", "eval/corpora/undici"])("a vocabulary of %s read back from its files", (corpus) => {
  let built: Vocabulary;
  let restored: Vocabulary;
  beforeAll(async () => {
    const loaded = await loadCorpus(path.join(REPO_ROOT, corpus), { maxFileBytes: DEFAULTS.MAX_FILE_BYTES });
    const data = collectVocabulary(loaded.documents.flatMap((document) => chunkByHeadings(document, DEFAULTS.CHUNK_MAX_CHARS)));
    built = vocabularyFrom(data);
    restored = vocabularyFrom(restoreVocabulary(serialiseVocabulary(data)));
  });

  it("counts, capitalises, names and corrects every eval word and typo as the one collected from the chunks", () => {
    const differing = words().filter((word) => JSON.stringify(read(restored, word)) !== JSON.stringify(read(built, word)));
    expect(differing).toEqual([]);
  });
});

describe("restoreVocabulary", () => {
  it("refuses a file of another shape", () => {
    expect(() => restoreVocabulary({ statistics: JSON.stringify({ version: 1, counts: {} }), pairs: "" })).toThrow();
  });
});
