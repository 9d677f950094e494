import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import type { Answer } from "../../src/engine/answer.js";
import type { StoreEngine } from "../../src/store/engine.js";
import type { EnqueueInput } from "../../src/store/jobs.js";
import type { DeliveryTarget } from "../../src/store/job-payloads.js";
import { openEngine, openStore } from "../../src/store/open-store.js";
import type { StoreOptions } from "../../src/store/options.js";
import type { AnswerContext } from "../../src/store/records.js";
import type { Store } from "../../src/store/store.js";
import type { Tables } from "../../src/store/tables.js";
import type { EngineUnderTest, StoreLocation } from "./engines.js";

/** A clock the test moves: retention and leases are tested without sleeping. */
export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

/** What every contract case gets: fresh locations, stores opened on them (closed after each test), raw access to rows. */
export interface StoreHarness {
  engine: EngineUnderTest;
  clock: TestClock;
  /** An empty store location, dropped after the test. */
  place(): Promise<StoreLocation>;
  /** A store on `location` (a fresh one if omitted), on the test clock; closed after the test. */
  open(location?: StoreLocation, extra?: Partial<StoreOptions>): Promise<Store>;
  /** The engine underneath, for reading and corrupting rows directly. */
  raw(location: StoreLocation): Promise<StoreEngine>;
  count(engine: StoreEngine, table: keyof Tables): Promise<number>;
}

export function createHarness(engine: EngineUnderTest): StoreHarness {
  let time = Date.now();
  const clock: TestClock = { now: () => time, advance: (ms) => void (time += ms) };
  let stores: Store[] = [];
  let engines: StoreEngine[] = [];
  let places: StoreLocation[] = [];

  beforeAll(() => engine.setup(), 180_000);
  afterAll(() => engine.teardown(), 60_000);
  // Real time at the start of each test, so that rate-limiter-flexible (which reads Date.now) and the store agree.
  beforeEach(() => void (time = Date.now()));
  afterEach(async () => {
    await Promise.all([...stores.map((store) => store.close()), ...engines.map((raw) => raw.close())]);
    await Promise.all(places.map((place) => place.drop()));
    stores = [];
    engines = [];
    places = [];
  });

  const place = async () => {
    const location = await engine.fresh();
    places.push(location);
    return location;
  };

  return {
    engine,
    clock,
    place,
    async open(location, extra = {}) {
      const where = location ?? (await place());
      const store = await openStore({ ...where.options, now: clock.now, ...extra });
      stores.push(store);
      return store;
    },
    async raw(location) {
      const opened = await openEngine(location.options);
      engines.push(opened);
      return opened;
    },
    async count(raw, table) {
      const row = await raw.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export function message(overrides: Partial<AnswerContext> = {}): AnswerContext {
  return { platform: "slack", userId: "U0SECRET42", channelId: "C1", threadKey: "slack:C1:1700000000.000100", text: "<@B1> how do we deploy?", botUserId: "B1", isDirect: false, ...overrides };
}

export function answer(overrides: Partial<Answer> = {}): Answer {
  return {
    question: "how do we deploy?",
    answer: "Run the deploy script. [1]",
    grounded: true,
    citations: [{ id: 1, chunkId: "deploy.md#0", source: "deploy.md", title: "Deploying", section: "Steps", url: "/deploy#steps", score: 0.8, quote: "Run the deploy script." }],
    timings: { embedMs: 1, retrieveMs: 2, composeMs: 3, totalMs: 6 },
    generator: "extractive",
    related: [],
    ...overrides,
  };
}

export function answerJob(clock: TestClock, target: DeliveryTarget = { kind: "slack_message", channelId: "C1", threadTs: "1700000000.000100" }, id?: string): EnqueueInput<"answer"> {
  return { kind: "answer", payload: { message: message(), target, receivedAt: clock.now() }, ...(id ? { id } : {}) };
}
