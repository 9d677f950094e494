import path from "node:path";
import fs from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKnowledge } from "../../src/app.js";
import type { Answer, Engine } from "../../src/engine/answer.js";
import { loadConfig } from "../../src/config.js";
import { silentLogger } from "../../src/logger.js";
import { FAKE_BOT_USER } from "../fakes/slack.js";
import { mentionEvent } from "../fakes/slack-requests.js";
import { REAL_INDEX_TIMEOUT_MS } from "../helpers/real-corpus.js";
import { TINY_CORPUS } from "../helpers/tiny-corpus.js";
import { type Harness, startHarness, visibleText } from "../adapters/slack/harness.js";
import { createKnowledgeWorld, type KnowledgeWorld } from "./world.js";

// The knowledge loop as createCitebot wires it (createKnowledge), through the real Slack adapter on its loopback
// fake, over the real engine and a SQLite store: document sets, the questions log and admins' `gaps`.
const SCOPED = "CSCOPED01";
const OPEN = "C0000001";
const ADMIN = "UADMIN001";

let world: KnowledgeWorld;
let harness: Harness;
let knowledge: Awaited<ReturnType<typeof createKnowledge>>;
const answered: Array<{ question: string; answer: Answer }> = [];

async function ask(question: string, channel: string, user = "U_HUMAN"): Promise<string> {
  const before = harness.fake.callsTo("chat.postMessage").length;
  await harness.sendEvent(mentionEvent({ text: `<@${FAKE_BOT_USER}> ${question}`, channel, user }));
  const post = await harness.fake.waitForCall("chat.postMessage", () => harness.fake.callsTo("chat.postMessage").length > before);
  return visibleText(post.args);
}

beforeAll(async () => {
  world = await createKnowledgeWorld({ ...TINY_CORPUS });
  const setsFile = path.join(world.dataDir, "citebot.yaml");
  await fs.mkdir(world.dataDir, { recursive: true });
  await fs.writeFile(setsFile, ["documentSets:", "  lighthouses:", '    include: ["lighthouses.md"]', "places:", `  - slackChannel: ${SCOPED}`, "    set: lighthouses", ""].join("\n"));
  const config = loadConfig({ DOCUMENT_SETS_FILE: setsFile, INDEX_DIR: world.indexDir, DATA_DIR: world.dataDir, ADMIN_USERS: `slack:${ADMIN}` });
  knowledge = await createKnowledge(config, world.store, silentLogger());
  const { engine: real } = await world.current();
  const engine: Engine = {
    topics: () => real.topics(),
    async answer(question, options) {
      const answer = await real.answer(question, options);
      answered.push({ question, answer });
      return answer;
    },
  };
  harness = await startHarness({ engine, knowledge });
}, REAL_INDEX_TIMEOUT_MS);

afterAll(async () => {
  await harness?.close();
  await world?.close();
});

const SCOPED_QUESTIONS = [
  "how tall is the Bell Rock lighthouse?",
  "what did Vesuvius bury?",
  "why are there two high tides a day?",
  "how often does Etna erupt?",
  "who finished building the Bell Rock tower?",
  "what guards the reefs south-west of Tiree?",
  "tell me about volcanic ash",
];

describe("per-channel document sets, through Slack", () => {
  it("never cites a document outside the channel's set, over many questions", async () => {
    for (const question of SCOPED_QUESTIONS) await ask(question, SCOPED);
    const scoped = answered.filter((entry) => SCOPED_QUESTIONS.includes(entry.question));
    expect(scoped).toHaveLength(SCOPED_QUESTIONS.length);
    const sources = new Set(scoped.flatMap((entry) => entry.answer.citations.map((citation) => citation.source)));
    expect([...sources]).toEqual(["lighthouses.md"]);
    expect(scoped.find((entry) => entry.question.startsWith("how tall"))?.answer.grounded).toBe(true);
    expect(scoped.find((entry) => entry.question.startsWith("what did Vesuvius"))?.answer.grounded).toBe(false);
  }, REAL_INDEX_TIMEOUT_MS);

  it("answers from every document in a channel the file does not list", async () => {
    const text = await ask("what did Vesuvius bury?", OPEN);
    const last = answered.at(-1);
    expect(last?.answer.grounded).toBe(true);
    expect(last?.answer.citations.map((citation) => citation.source)).toContain("volcanoes.md");
    expect(text).toContain("Pompeii");
  }, REAL_INDEX_TIMEOUT_MS);
});

describe("the questions log, through Slack", () => {
  it("records every answered and refused question with its place, a hashed user, its sections' hashes and the generation", async () => {
    await knowledge.settled();
    const logged = await world.store.questions.list();
    const { sections } = await world.current();
    // Questions asked within the same millisecond may list in either order.
    expect(logged.map((entry) => entry.question).sort()).toEqual([...SCOPED_QUESTIONS, "what did Vesuvius bury?"].sort());
    for (const entry of logged) {
      expect(entry).toMatchObject({ platform: "slack", generation: sections.generation });
      expect(entry.userHash).not.toContain("U_HUMAN");
      expect(entry.latencyMs).toBeGreaterThanOrEqual(0);
      for (const cited of entry.cited) expect(cited.contentHash).toBe(sections.hashOf(cited.chunkId));
    }
    expect(logged.filter((entry) => entry.channelId === SCOPED).every((entry) => entry.documentSet === "lighthouses")).toBe(true);
    expect(logged.find((entry) => entry.channelId === OPEN)?.documentSet).toBe("all");
    expect(logged.filter((entry) => !entry.grounded).length).toBeGreaterThan(0);
    expect(logged.filter((entry) => entry.grounded).every((entry) => entry.cited.length > 0)).toBe(true);
  });
});

describe("gaps, through Slack", () => {
  it("gives an ADMIN_USERS user the gap report instead of an answer", async () => {
    const asked = answered.length;
    const text = await ask("gaps", OPEN, ADMIN);
    expect(text).toContain("Knowledge gaps, last 7 days");
    expect(text).toMatch(/refused/);
    expect(answered).toHaveLength(asked);
  }, REAL_INDEX_TIMEOUT_MS);

  it("answers anyone else's `gaps` as a question", async () => {
    const asked = answered.length;
    await ask("gaps", OPEN);
    expect(answered).toHaveLength(asked + 1);
    expect(answered.at(-1)?.question).toBe("gaps");
  }, REAL_INDEX_TIMEOUT_MS);
});
