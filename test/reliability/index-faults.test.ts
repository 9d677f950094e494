import { watch } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine } from "../../src/engine/engine.js";
import { UseLiteEmbeddings } from "../../src/index/embedder.js";
import { ingest } from "../../src/index/ingest.js";
import { currentGeneration, openIndex } from "../../src/index/store.js";
import { silentLogger } from "../../src/logger.js";
import { CORPUS_DIR, DEFAULTS, REAL_INDEX_TIMEOUT_MS } from "../helpers/real-corpus.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { type Exit, runScript, startScript } from "./child-process.js";
import { HEAVY } from "./heavy.js";
import { npmStart } from "../chaos/npm-start.js";

const SETTINGS = { maxSentences: 5, minEvidence: 0.52, efSearch: 64 };
const ADDED_SENTENCE = "Zebra sharding spreads the citebot reliability ledger across eleven shards.";
// A small document: fewer than 64 texts to embed, so the child embeds in-process instead of starting a worker pool.
const CHANGED_FILE = "lightning-fast-backends.md";

let work: { path: string; remove: () => Promise<void> };
let corpusDir: string;
let indexDir: string;
let env: Record<string, string>;
const embeddings = new UseLiteEmbeddings();

beforeAll(async () => {
  work = await makeTempDir("kill-ingest");
  corpusDir = path.join(work.path, "corpus");
  indexDir = path.join(work.path, "index");
  await fs.cp(CORPUS_DIR, corpusDir, { recursive: true });
  // The same ingest `scripts/ingest.ts` runs, in-process: the child's worker pool would only add start-up time here.
  await ingest({ corpusDir, indexDir, maxFileBytes: DEFAULTS.MAX_FILE_BYTES, chunkMaxChars: DEFAULTS.CHUNK_MAX_CHARS, embeddings, logger: silentLogger() });
  await fs.appendFile(path.join(corpusDir, CHANGED_FILE), `\n\n## Zebra sharding\n\n${ADDED_SENTENCE}\n`);
  env = { CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, DATA_DIR: path.join(work.path, "data") };
}, REAL_INDEX_TIMEOUT_MS);

afterAll(() => work.remove());

type KillPoint = { name: string; afterMs: number } | { name: string; whenEntry: RegExp };

/**
 * Changes the corpus (so the ingest has something to embed and write), starts a real `scripts/ingest.ts`, and
 * SIGKILLs it at the point given; resolves with how it ended.
 */
async function killIngestAt(point: KillPoint, run: number): Promise<{ exit: Exit; killed: boolean }> {
  await fs.appendFile(path.join(corpusDir, CHANGED_FILE), `\nRun ${run} of the kill test changed this paragraph.\n`);
  const running = startScript("scripts/ingest.ts", ["--quiet"], env);
  let killed = false;
  const kill = () => {
    if (running.child.exitCode === null && running.child.signalCode === null) killed = running.child.kill("SIGKILL");
  };
  let timer: NodeJS.Timeout | undefined;
  const watcher =
    "whenEntry" in point
      ? watch(indexDir, (_event, name) => {
          if (name && point.whenEntry.test(name.toString())) kill();
        })
      : undefined;
  if ("afterMs" in point) timer = setTimeout(kill, point.afterMs);
  const exit = await running.exited;
  clearTimeout(timer);
  watcher?.close();
  return { exit, killed };
}

/** Opens the index as citebot starts and asks it something the original corpus answers. */
async function answersFromIndex(): Promise<{ grounded: boolean; generation: string }> {
  const loaded = await openIndex(indexDir, embeddings, { efSearch: SETTINGS.efSearch });
  const answer = await createEngine({ index: loaded, embeddings }, SETTINGS).answer("Is Django scalable?");
  return { grounded: answer.grounded, generation: loaded.generation };
}

const KILL_POINTS: KillPoint[] = [
  { name: "300 ms in (starting up)", afterMs: 300 },
  { name: "1 s in (loading the model)", afterMs: 1_000 },
  { name: "2 s in (embedding)", afterMs: 2_000 },
  { name: "when the tmp-* generation folder appears (writing the index)", whenEntry: /^tmp-/ },
  ...(HEAVY
    ? [
        { name: "when the new gen-* folder appears (before CURRENT switches)", whenEntry: /^gen-/ },
        { name: "when CURRENT.tmp-* appears (switching)", whenEntry: /^CURRENT\.tmp/ },
        ...[500, 1_500, 2_500, 3_000, 3_500, 4_000, 5_000].map((afterMs) => ({ name: `${afterMs} ms in`, afterMs })),
      ]
    : []),
];

describe("kill -9 during ingest", () => {
  const landed = new Map<string, boolean>();

  it.each(KILL_POINTS.map((point, run) => ({ ...point, run })))("leaves an index that loads and answers when killed $name", async (point) => {
    const before = await currentGeneration(indexDir);
    const { exit, killed } = await killIngestAt(point, point.run);
    landed.set(point.name, killed);
    const after = await answersFromIndex();
    expect(after.grounded).toBe(true);
    // A kill that lands after CURRENT switched leaves the new generation current, which is as good: what matters
    // is that whichever one CURRENT names loads and answers. An ingest that finished first must have switched.
    if (killed) expect(exit.signal).toBe("SIGKILL");
    else expect({ exit, switched: after.generation !== before }).toEqual({ exit: { code: 0, signal: null }, switched: true });
  }, 60_000);

  it("killed the ingest while it was still running at the early points, so those runs did test a kill", () => {
    const early = KILL_POINTS.filter((point) => "afterMs" in point && point.afterMs <= 1_000).map((point) => point.name);
    expect(early.filter((name) => landed.get(name) !== true)).toEqual([]);
  });

  it("completes a clean ingest afterwards, with the new text indexed and no leftovers", async () => {
    const running = startScript("scripts/ingest.ts", ["--quiet"], env);
    expect(await running.exited).toEqual({ code: 0, signal: null });
    const loaded = await openIndex(indexDir, embeddings);
    expect(loaded.chunks.some((chunk) => chunk.text.includes(ADDED_SENTENCE))).toBe(true);
    // The generation it replaced stays until the next ingest, for readers on other machines (see writeIndex); nothing else does.
    const others = (await fs.readdir(indexDir)).filter((name) => name !== "CURRENT" && name !== loaded.generation);
    expect({ leftovers: others.filter((name) => !name.startsWith("gen-")), replaced: others.length <= 1 }).toEqual({ leftovers: [], replaced: true });
  }, 60_000);
});

interface Damage {
  name: string;
  damage: (generationDir: string, indexCopy: string) => Promise<void>;
}

const DAMAGE: Damage[] = [
  { name: "a vector file cut short", damage: (dir) => fs.truncate(path.join(dir, "chunk-vectors.f32"), 1_000) },
  { name: "a manifest.json that is not JSON", damage: (dir) => fs.writeFile(path.join(dir, "manifest.json"), '{"formatVersion": 1, "embed') },
  { name: "the hnswlib graph overwritten with zeros", damage: async (dir) => fs.writeFile(path.join(dir, "hnswlib.index"), Buffer.alloc((await fs.stat(path.join(dir, "hnswlib.index"))).size)) },
  { name: "CURRENT naming a generation that is gone", damage: (_dir, copy) => fs.writeFile(path.join(copy, "CURRENT"), "gen-1-deleted") },
  {
    name: "two bytes of manifest.json changed, still valid JSON (a document title edited)",
    damage: async (dir) => {
      const file = path.join(dir, "manifest.json");
      const text = await fs.readFile(file, "utf8");
      const edited = text.replace(/"title": "([^"]{2})/, (_whole, first: string) => `"title": "${first === "Zq" ? "Qz" : "Zq"}`);
      JSON.parse(edited);
      await fs.writeFile(file, edited);
    },
  },
  { name: "a garbled CURRENT pointer", damage: (_dir, copy) => fs.writeFile(path.join(copy, "CURRENT"), Buffer.from([0x67, 0x65, 0x00, 0xff, 0x0a])) },
];

/** Damage that used to go unnoticed (a served, edited title) or be taken for a first run (a rebuild), also tried through `npm start`. */
const THROUGH_NPM_START = ["two bytes of manifest.json changed, still valid JSON (a document title edited)", "a garbled CURRENT pointer"];

type Outcome = Awaited<ReturnType<typeof runScript>>;

describe("a damaged index at start", () => {
  const outcomes = new Map<string, { indexCopy: string; ask: Outcome }>();
  const npmStarts = new Map<string, { code: number | null; stderr: string; indexCopy: string }>();
  let start: Outcome & { indexCopy: string };

  beforeAll(async () => {
    const damaged = await Promise.all(
      DAMAGE.map(async ({ name, damage }, i) => {
        const indexCopy = path.join(work.path, `damaged-${i}`);
        await fs.cp(indexDir, indexCopy, { recursive: true });
        const generation = (await currentGeneration(indexCopy)) ?? "";
        await damage(path.join(indexCopy, generation), indexCopy);
        outcomes.set(name, { indexCopy, ask: await runScript("scripts/ask.ts", ["--json", "Is Django scalable?"], { ...env, INDEX_DIR: indexCopy }) });
        return indexCopy;
      }),
    );
    // `npm start` opens the index through the same startEngine as `ask`; one kind of damage shows it stops cleanly too.
    const indexCopy = damaged[0]!;
    start = { indexCopy, ...(await runScript("src/main.ts", [], { ...env, INDEX_DIR: indexCopy })) };
    for (const name of THROUGH_NPM_START) {
      const copy = outcomes.get(name)?.indexCopy ?? "";
      const bot = npmStart({ ...env, INDEX_DIR: copy });
      const limit = setTimeout(() => void bot.destroy(), 150_000);
      const exit = await bot.exited;
      clearTimeout(limit);
      npmStarts.set(name, { code: exit.code, stderr: bot.stderr(), indexCopy: copy });
    }
  }, 480_000);

  describe.each(DAMAGE.map(({ name }) => name))("with %s", (name) => {
    it("makes `ask --json` exit 1 by itself, printing nothing on stdout", () => {
      const { ask } = outcomes.get(name)!;
      expect({ code: ask.code, killedAtLimit: ask.killedAtLimit, stdout: ask.stdout }).toEqual({ code: 1, killedAtLimit: false, stdout: "" });
    });

    it("names the index folder and says to re-ingest, without a stack trace", () => {
      const { ask, indexCopy } = outcomes.get(name)!;
      expect({ namesIndex: ask.stderr.includes(indexCopy), saysIngest: ask.stderr.includes("npm run ingest"), stack: /^\s+at /m.test(ask.stderr) }).toEqual({
        namesIndex: true,
        saysIngest: true,
        stack: false,
      });
    });
  });

  it.each(THROUGH_NPM_START)("makes `npm start` with %s exit 1, calling the index damaged and saying to re-ingest, not rebuilding it as a first run", (name) => {
    const run = npmStarts.get(name)!;
    expect({
      code: run.code,
      damaged: run.stderr.includes(`The index in ${run.indexCopy} is damaged`),
      saysIngest: run.stderr.includes("npm run ingest"),
      firstRun: /first run only/.test(run.stderr),
      stack: /^\s+at /m.test(run.stderr),
    }, run.stderr.slice(-3000)).toEqual({ code: 1, damaged: true, saysIngest: true, firstRun: false, stack: false });
  });

  it("makes `npm start` exit 1 with the same message rather than crash or loop", () => {
    expect({ code: start.code, killedAtLimit: start.killedAtLimit, namesIndex: start.stderr.includes(start.indexCopy), stack: /^\s+at /m.test(start.stderr) }).toEqual({
      code: 1,
      killedAtLimit: false,
      namesIndex: true,
      stack: false,
    });
  });
});
