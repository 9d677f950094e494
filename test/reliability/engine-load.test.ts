import { runInNewContext } from "node:vm";
import v8 from "node:v8";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Answer, Engine } from "../../src/engine/answer.js";
import { openEngine } from "../../src/app.js";
import { UseLiteEmbeddings } from "../../src/index/embedder.js";
import { silentLogger } from "../../src/logger.js";
import { REAL_INDEX_TIMEOUT_MS, buildRealIndex } from "../helpers/real-corpus.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { scaled } from "./heavy.js";

const SETTINGS = { maxSentences: 5, minEvidence: 0.52, efSearch: 64 };
const CONCURRENT = scaled(200, 2_000);
/**
 * What may remain after a full GC once the answers are dropped: bounded caches, not a leak that grows per
 * question (measured: under 1 MB after 200 questions, under 2 MB after 2,000).
 */
const MEMORY_GROWTH_MAX_BYTES = 8 * 1024 * 1024;

const QUESTIONS = [
  "Is Django scalable?",
  "Which big websites run on Django?",
  "vertical vs horizontal scaling",
  "Where should Django keep user sessions when the site runs on several machines?",
  "How long does a Django release keep getting security fixes?",
  "Django LTS?",
  "Would Rails be a bad choice for the backend of a multiplayer shooter?",
  "Why didn't WhatsApp build on a mainstream web framework?",
  "How did Discord use Elixir for real-time messaging?",
  "Why are web frameworks a poor fit for online games?",
  "What makes a backend lightning fast?",
  "Which companies wrote case studies about their backend framework?",
  "Can we keep uploaded pictures in a cloud bucket instead of on the web server's disk?",
  "should we use Django for analytics ingest?",
  "what is the capital of Australia?",
  "How do I bake sourdough bread?",
  "who won the 1998 world cup",
  "thanks!",
  "<!channel> @everyone is the build broken?",
  "🤖🤖🤖",
];

/** Node's collector, exposed at run time: vitest's workers are not started with --expose-gc. */
function collector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  v8.setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

/** JS heap plus ArrayBuffers (where the model's tensors live), after a full collection. */
function memoryAfterGc(gc: () => void): number {
  gc();
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

const comparable = ({ timings: _timings, ...rest }: Answer) => rest;

let engine: Engine;
let removeIndex: () => Promise<void>;
const sequential = new Map<string, ReturnType<typeof comparable>>();

beforeAll(async () => {
  const dir = await makeTempDir("load-index");
  removeIndex = dir.remove;
  const embeddings = new UseLiteEmbeddings();
  await buildRealIndex(dir.path, embeddings);
  engine = await openEngine({ indexDir: dir.path, embeddings, logger: silentLogger() }, SETTINGS);
  for (const question of QUESTIONS) sequential.set(question, comparable(await engine.answer(question)));
}, REAL_INDEX_TIMEOUT_MS);

afterAll(() => removeIndex());

describe(`engine under ${CONCURRENT} concurrent questions`, () => {
  let answered = 0;
  let errors: string[] = [];
  let differing: string[] = [];
  let memoryBefore = 0;
  let memoryAfter = 0;

  beforeAll(async () => {
    const gc = collector();
    memoryBefore = memoryAfterGc(gc);
    const asked = Array.from({ length: CONCURRENT }, (_, i) => QUESTIONS[(i * 7) % QUESTIONS.length]!);
    const results = await Promise.allSettled(asked.map((question) => engine.answer(question)));
    results.forEach((result, i) => {
      const question = asked[i]!;
      if (result.status === "rejected") errors.push(`${question}: ${String(result.reason)}`);
      else if (JSON.stringify(comparable(result.value)) !== JSON.stringify(sequential.get(question))) differing.push(question);
      else answered += 1;
    });
    results.length = 0;
    memoryAfter = memoryAfterGc(gc);
  }, 120_000);

  it("answers every one without an error", () => {
    expect(errors).toEqual([]);
  });

  it("gives each the same answer, citations and refusals as the sequential run", () => {
    expect({ differing, identical: answered }).toEqual({ differing: [], identical: CONCURRENT });
  });

  it("mixes grounded answers and refusals, so both paths ran under load", () => {
    const grounded = [...sequential.values()].filter((answer) => answer.grounded).length;
    expect({ someGrounded: grounded > 0, someRefused: grounded < QUESTIONS.length }).toEqual({ someGrounded: true, someRefused: true });
  });

  it("returns memory (heap and buffers) to near its baseline once the answers are dropped", () => {
    expect(memoryAfter - memoryBefore).toBeLessThan(MEMORY_GROWTH_MAX_BYTES);
  });
});
