import { z } from "zod";
import type { Chunk } from "../corpus/document.js";
import { joinSorted, sortedStrings } from "../index/sorted-strings.js";
import { isStopword, stem } from "../index/terms.js";
import { editDistance } from "./edit-distance.js";

export { editDistance };
import { englishRank, isCommonEnglish, isEnglishWord, nearCommonWord } from "./english.js";

/** Words rarer than this in everyday English are names wherever the corpus capitalises them. */
const NAME_RANK = 40_000;

/** The corpus's own words: how often each occurs, and whether the corpus writes it as a name. */
export interface Vocabulary {
  /** Occurrences of a lower-cased word in the corpus (0 when unknown). */
  count(word: string): number;
  /** Share of the word's occurrences inside a sentence that are capitalised (a product, company or API name), and how many there are. */
  capitalisation(word: string): { share: number; seen: number };
  /** True when the word names something in the corpus (it mostly writes it capitalised mid-sentence). */
  isName(word: string, capitalisedHere?: boolean): boolean;
  /** The corpus word a misspelt or shortened question word stands for, or undefined. */
  correct(word: string): string | undefined;
}

/** Short forms teams type, expanded only when the corpus uses the long form and not the short one. */
const SHORT_FORMS: Record<string, string[]> = {
  k8s: ["kubernetes"],
  pg: ["postgresql", "postgres"],
  postgres: ["postgresql"],
  psql: ["postgresql"],
  mongo: ["mongodb"],
  js: ["javascript"],
  ts: ["typescript"],
  py: ["python"],
  golang: ["go"],
  db: ["database"],
  dbs: ["databases"],
  perf: ["performance"],
  auth: ["authentication"],
  authn: ["authentication"],
  authz: ["authorization"],
  config: ["configuration"],
  configs: ["configurations"],
  cfg: ["configuration"],
  repo: ["repository"],
  repos: ["repositories"],
  env: ["environment"],
  envs: ["environments"],
  infra: ["infrastructure"],
  prod: ["production"],
  msg: ["message"],
  msgs: ["messages"],
  req: ["request"],
  reqs: ["requests"],
  res: ["response"],
  resp: ["response"],
  deps: ["dependencies"],
  dep: ["dependency"],
  lib: ["library"],
  libs: ["libraries"],
  pkg: ["package"],
  pkgs: ["packages"],
  fn: ["function"],
  func: ["function"],
  param: ["parameter"],
  params: ["parameters"],
  arg: ["argument"],
  args: ["arguments"],
  opts: ["options"],
  docs: ["documentation"],
  info: ["information"],
  async: ["asynchronous"],
  sync: ["synchronous"],
  ws: ["websocket"],
  gc: ["garbage"],
  ml: ["machine"],
  dev: ["development"],
  devs: ["developers"],
  eng: ["engineering"],
  engs: ["engineers"],
  svc: ["service"],
  svcs: ["services"],
  msvc: ["microservices"],
  msa: ["microservices"],
  iot: ["iot"],
  ci: ["continuous"],
  cd: ["continuous"],
  ssl: ["tls"],
  secs: ["seconds"],
  mins: ["minutes"],
  ms: ["milliseconds"],
  rps: ["requests"],
  qps: ["queries"],
  tx: ["transaction"],
  txn: ["transaction"],
  q: ["queue"],
  mem: ["memory"],
};

export function buildVocabulary(chunks: readonly Chunk[]): Vocabulary {
  return vocabularyFrom(collectVocabulary(chunks));
}

/** What a Vocabulary knows of the corpus: collected from the chunks at ingest, persisted, and read back at start-up. */
export interface VocabularyData {
  counts: ReadonlyMap<string, number>;
  capitalised: ReadonlyMap<string, number>;
  inner: ReadonlyMap<string, number>;
  stems: { has(stem: string): boolean };
  bigrams: { has(pair: string): boolean };
  acronyms: ReadonlyMap<string, string>;
}

export function collectVocabulary(chunks: readonly Chunk[]): VocabularyData & { stems: Set<string>; bigrams: Set<string> } {
  const counts = new Map<string, number>();
  const capitalised = new Map<string, number>();
  const inner = new Map<string, number>();
  const stems = new Set<string>();
  const bigrams = new Set<string>();
  const acronyms = new Map<string, string>();
  const add = (text: string, countCase: boolean) => {
    let previous = "";
    // A word that opens a unit or follows a full stop is capitalised by grammar, not because it is a name.
    for (const match of text.matchAll(/[\p{Letter}][\p{Letter}\p{Number}'’]*/gu)) {
      const word = match[0];
      const opensSentence = match.index === 0 || /[.!?]\s+$|^\s+$/.test(text.slice(Math.max(0, match.index - 3), match.index));
      const key = word.toLowerCase().replace(/[’']/g, "").replace(/s$/, (end) => (word.endsWith("'s") || word.endsWith("’s") ? "" : end));
      counts.set(key, (counts.get(key) ?? 0) + 1);
      stems.add(stem(key));
      if (previous) bigrams.add(`${previous} ${key}`);
      previous = key;
      if (!countCase || opensSentence) continue;
      inner.set(key, (inner.get(key) ?? 0) + 1);
      if (/^\p{Lu}/u.test(word)) capitalised.set(key, (capitalised.get(key) ?? 0) + 1);
    }
    for (const phrase of text.matchAll(/\b(?:\p{Lu}[\p{Letter}]+)(?:\s+(?:to|of|and|for|the|as|a|in)?\s*\p{Lu}[\p{Letter}]+){1,4}/gu)) {
      const words = phrase[0].split(/\s+/);
      const initials = words.map((word) => word.charAt(0).toLowerCase()).join("");
      const capitals = words.filter((word) => /^\p{Lu}/u.test(word)).map((word) => word.charAt(0).toLowerCase()).join("");
      for (const acronym of [initials, capitals]) if (acronym.length >= 3 && !acronyms.has(acronym)) acronyms.set(acronym, phrase[0].toLowerCase());
    }
  };
  for (const chunk of chunks) {
    // Headings and labels are in Title Case: their capitals say nothing about names.
    add(chunk.section, false);
    for (const unit of chunk.units) if (unit.kind !== "code" && unit.kind !== "list") add(unit.text, unit.kind !== "label");
  }
  return { counts, capitalised, inner, stems, bigrams, acronyms };
}

/** A corpus word seen at most this often may be a run-together form ("nodejs" beside many "Node.js"). */
const RARE_WHOLE = 3;

export function vocabularyFrom({ counts, capitalised, inner, stems, bigrams, acronyms }: VocabularyData): Vocabulary {
  const byLength = new Map<number, string[]>();
  for (const word of counts.keys()) {
    if (word.length < 3) continue;
    const list = byLength.get(word.length) ?? [];
    list.push(word);
    byLength.set(word.length, list);
  }
  const count = (word: string) => counts.get(word.toLowerCase()) ?? 0;
  const knows = (word: string) => counts.has(word) || stems.has(stem(word));
  const corrections = new Map<string, string | undefined>();

  function correct(raw: string): string | undefined {
    const word = raw.toLowerCase().replace(/['’]s$/, "");
    if (word !== raw.toLowerCase() && knows(word)) return word;
    if (word.length < 2) return undefined;
    if (corrections.has(word)) return corrections.get(word);
    if (knows(word)) {
      // "nodejs", rare in a corpus that mostly writes "Node.js": the two words are what its sections are indexed by.
      const apart = rareRunTogether(word) ? split(word) : undefined;
      corrections.set(word, apart);
      return apart;
    }
    if (/\d/.test(word)) return expand(word) ?? split(word);
    const found = expand(word) ?? (isCommonEnglish(word) ? undefined : acronyms.get(word)) ?? split(word) ?? (word.length >= 4 && !isCommonEnglish(word) && !isStopword(word) ? nearest(word) ?? completion(word) ?? completion(word.replace(/s$/, "")) : undefined);
    const apart = found && !found.includes(" ") && rareRunTogether(found) ? split(found) : undefined;
    corrections.set(word, apart ?? found);
    return apart ?? found;
  }

  /** A word the corpus seldom writes whole and that is not English: likely a run-together form of a pair it writes more. */
  function rareRunTogether(word: string): boolean {
    return word.length >= 5 && (counts.get(word) ?? 0) <= RARE_WHOLE && !isEnglishWord(word);
  }

  function expand(word: string): string | undefined {
    return SHORT_FORMS[word]?.find((long) => counts.has(long));
  }

  /** "nodejs" → "node js", when the corpus writes the two words side by side. */
  function split(word: string): string | undefined {
    const singular = word.replace(/s$/, "");
    for (const candidate of [word, singular]) {
      for (let at = 2; at <= candidate.length - 1; at++) {
        if (candidate.length - at < 2 && !/\d$/.test(candidate)) continue;
        const pair = `${candidate.slice(0, at)} ${candidate.slice(at)}`;
        if (bigrams.has(pair)) return pair;
      }
    }
    return undefined;
  }

  /** The most frequent corpus word within one edit (two for long words), transpositions included. */
  function nearest(word: string): string | undefined {
    const budget = word.length >= 8 ? 2 : 1;
    let best: string | undefined;
    let bestKey = Infinity;
    for (let length = word.length - budget; length <= word.length + budget; length++) {
      for (const candidate of byLength.get(length) ?? []) {
        const distance = editDistance(word, candidate, budget);
        if (distance > budget) continue;
        // Fewer edits first, then a shared first letter, then the more frequent word.
        const key = distance * 1e6 + (candidate[0] === word[0] ? 0 : 5e5) - (counts.get(candidate) ?? 0);
        if (key < bestKey) {
          bestKey = key;
          best = candidate;
        }
      }
    }
    return best;
  }

  /** "postgres" → "postgresql": a clipped form of one corpus word. */
  function completion(word: string): string | undefined {
    if (word.length < 4) return undefined;
    let best: string | undefined;
    for (const [length, words] of byLength) {
      if (length <= word.length || length > word.length * 2 + 2) continue;
      for (const candidate of words) {
        if (candidate.startsWith(word) && (!best || (counts.get(candidate) ?? 0) > (counts.get(best) ?? 0))) best = candidate;
      }
    }
    return best;
  }

  return {
    isName(word: string, capitalisedHere = false): boolean {
      const { share, seen } = this.capitalisation(word);
      if (share < 0.7 || seen < 2) return false;
      // An everyday word the corpus capitalises ("Pool", "Go") is a name when the asker capitalises it too, or when the corpus always does.
      const rank = englishRank(word);
      return rank === undefined || rank > NAME_RANK || capitalisedHere || (share >= 0.9 && seen >= 3);
    },
    count: (word) => (knows(word.toLowerCase()) ? Math.max(1, count(word)) : 0),
    capitalisation: (word) => {
      const key = word.toLowerCase();
      const seen = inner.get(key) ?? 0;
      return { share: seen === 0 || isStopword(key) ? 0 : (capitalised.get(key) ?? 0) / seen, seen };
    },
    correct,
  };
}

/**
 * Whether a question word the corpus never uses names something (a product, a company, a tool) rather
 * than paraphrasing: it is no English word, has no digits, and is longer than an acronym.
 */
export function looksLikeName(word: string): boolean {
  return word.length >= 4 && !/\d/.test(word) && !isEnglishWord(word) && nearCommonWord(word) === undefined;
}


const VocabularyFile = z.object({
  version: z.literal(1),
  counts: z.array(z.tuple([z.string(), z.number()])),
  capitalised: z.array(z.tuple([z.string(), z.number()])),
  inner: z.array(z.tuple([z.string(), z.number()])),
  stems: z.string(),
  acronyms: z.array(z.tuple([z.string(), z.string()])),
});

/** The persisted form: the statistics as JSON, and the word pairs (a million at 100k chunks) as sorted lines, read without a JSON parse. */
export interface SerialisedVocabulary {
  statistics: string;
  pairs: string;
}

/** Written at ingest so start-up reads the corpus's word statistics instead of collecting them. */
export function serialiseVocabulary(data: ReturnType<typeof collectVocabulary>): SerialisedVocabulary {
  const statistics = JSON.stringify({
    version: 1,
    counts: [...data.counts],
    capitalised: [...data.capitalised],
    inner: [...data.inner],
    stems: joinSorted(data.stems),
    acronyms: [...data.acronyms],
  } satisfies z.infer<typeof VocabularyFile>);
  return { statistics, pairs: joinSorted(data.bigrams) };
}

/** The statistics `serialiseVocabulary` wrote; throws on anything else. */
export function restoreVocabulary(serialised: SerialisedVocabulary): VocabularyData {
  const file = VocabularyFile.parse(JSON.parse(serialised.statistics));
  return { counts: new Map(file.counts), capitalised: new Map(file.capitalised), inner: new Map(file.inner), stems: sortedStrings(file.stems), bigrams: sortedStrings(serialised.pairs), acronyms: new Map(file.acronyms) };
}
