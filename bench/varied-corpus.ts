import fs from "node:fs/promises";
import path from "node:path";
import { createRandom, type Random } from "./random.js";

/** Share of words swapped per copy: enough that no copy is a near-duplicate (5-word shingles, Jaccard ≥ 0.7). */
const SWAP_RATE = 0.2;
const WORD = /\b[A-Za-z]{4,}\b/g;

/**
 * Writes `copies` versions of every file in `sourceDir` into `targetDir`: the originals, then copies whose
 * words are partly swapped for other words of the corpus, so ingest treats each as a new document of
 * realistic length instead of dropping it as a duplicate. Returns the number of files written.
 */
export async function writeVariedCorpus(sourceDir: string, targetDir: string, copies: number, seed: number): Promise<number> {
  const names = (await fs.readdir(sourceDir, { withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name).sort();
  const texts = await Promise.all(names.map((name) => fs.readFile(path.join(sourceDir, name), "utf8")));
  const vocabulary = vocabularyOf(texts);
  const random = createRandom(seed);
  await fs.mkdir(targetDir, { recursive: true });
  let written = 0;
  for (let copy = 0; copy < copies; copy++) {
    for (const [i, name] of names.entries()) {
      const text = texts[i] ?? "";
      const extension = path.extname(name);
      const target = path.join(targetDir, `${path.basename(name, extension)}${copy === 0 ? "" : `-variant-${copy}`}${extension}`);
      await fs.writeFile(target, copy === 0 ? text : varyDocument(text, copy, vocabulary, random));
      written++;
    }
  }
  return written;
}

/** Varies the body's words (never HTML tags or front-matter keys) and marks the title and link as a variant. */
export function varyDocument(text: string, copy: number, vocabulary: readonly string[], random: Random): string {
  const frontMatter = /^---\n[\s\S]*?\n---\n/.exec(text)?.[0] ?? "";
  const body = text
    .slice(frontMatter.length)
    .split(/(<[^>]*>|\{#[^}]*\}|\]\([^)]*\))/)
    .map((part, i) => (i % 2 === 1 ? part : swapWords(part, vocabulary, random)))
    .join("");
  const header = frontMatter
    .replace(/^title:\s*["']?(.*?)["']?\s*$/m, (_, title: string) => `title: "${title.replace(/["\\]/g, "")} (variant ${copy})"`)
    .replace(/^permalink:\s*(\S+?)\/?\s*$/m, (_, link: string) => `permalink: ${link}/variant-${copy}/`);
  return header + body;
}

/** Replaces about a fifth of the words of four letters or more with random words of `vocabulary`. */
export function swapWords(text: string, vocabulary: readonly string[], random: Random): string {
  return text.replace(WORD, (word) => (random.next() < SWAP_RATE ? (vocabulary[random.int(vocabulary.length)] ?? word) : word));
}

export function vocabularyOf(texts: readonly string[]): string[] {
  return [...new Set(texts.flatMap((text) => text.match(WORD) ?? []))];
}
