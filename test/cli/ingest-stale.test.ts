import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineOptions } from "../../src/app.js";
import { createEngine } from "../../src/engine/engine.js";
import { UseLiteEmbeddings } from "../../src/index/embedder.js";
import { openIndex } from "../../src/index/store.js";
import { createQuestionRecorder } from "../../src/knowledge/question-recorder.js";
import { readSectionHashes } from "../../src/knowledge/section-hashes.js";
import { openStore } from "../../src/store/open-store.js";
import { startScript } from "../reliability/child-process.js";
import { startFakeSlack } from "../fakes/slack.js";
import { DEFAULTS, REAL_INDEX_TIMEOUT_MS } from "../helpers/real-corpus.js";
import { makeTempDir, writeFiles } from "../helpers/temp-dir.js";
import { TINY_CORPUS } from "../helpers/tiny-corpus.js";

// `npm run ingest` as a user runs it (node --import tsx scripts/ingest.ts), with the real model and a SQLite store.
let dir: { path: string; remove: () => Promise<void> };
const corpus = () => path.join(dir.path, "corpus");

async function ingestOnce(settings: Record<string, string> = {}) {
  const running = startScript("scripts/ingest.ts", ["--quiet"], { CORPUS_DIR: corpus(), DATA_DIR: dir.path, ...settings });
  return { exit: await running.exited, stderr: running.stderr() };
}

beforeAll(async () => {
  dir = await makeTempDir("ingest-stale");
  await writeFiles(corpus(), TINY_CORPUS);
  const first = await ingestOnce();
  expect(first.exit.code).toBe(0);
  expect(first.stderr).toContain("No answer cites a section that changed (0 answered questions checked).");

  // An answer from this generation in the questions log, as the bot records it.
  const embeddings = new UseLiteEmbeddings();
  const store = await openStore({ dataDir: dir.path });
  try {
    const indexDir = path.join(dir.path, "index");
    const index = await openIndex(indexDir, embeddings);
    const sections = await readSectionHashes(indexDir);
    const answer = await createEngine({ index, embeddings }, engineOptions(DEFAULTS)).answer("how tall is the Bell Rock lighthouse?");
    expect(answer.grounded).toBe(true);
    const logged = await createQuestionRecorder({ log: store.questions, enabled: true, sections: () => sections }).record({ askedBy: { platform: "slack", channelId: "C1", userId: "U1" }, question: "how tall is the Bell Rock lighthouse?", answer });
    expect(logged).toBeDefined();
  } finally {
    await store.close();
    await embeddings.release();
  }
  await writeFiles(corpus(), { "lighthouses.md": TINY_CORPUS["lighthouses.md"].replace("stands 35 metres tall", "stands 36 metres tall") });
}, REAL_INDEX_TIMEOUT_MS * 2);

afterAll(() => dir?.remove());

describe("npm run ingest: the stale-answer report", () => {
  it("lists the logged answer whose cited section changed, after the ingest summary, and posts the alert to ADMIN_CHANNEL", async () => {
    const slack = await startFakeSlack();
    try {
      const { exit, stderr } = await ingestOnce({ SLACK_BOT_TOKEN: "xoxb-1-alert", SLACK_SIGNING_SECRET: "0123456789abcdef", SLACK_API_URL: slack.apiUrl, ADMIN_CHANNEL: "slack:CADMIN001" });
      expect(exit.code).toBe(0);
      expect(stderr).toMatch(/Index written to[\s\S]*1 answer cites a section that changed\./);
      expect(stderr).toContain("how tall is the Bell Rock lighthouse?");
      expect(stderr).toContain("Stale-answer alert posted to ADMIN_CHANNEL (Slack CADMIN001).");
      const posts = slack.callsTo("chat.postMessage");
      expect(posts.map((post) => post.args.channel)).toEqual(["CADMIN001"]);
      expect(String(posts[0]?.args.text)).toContain("After the latest ingest:");
      expect(String(posts[0]?.args.text)).toContain("Bell Rock");
    } finally {
      await slack.close();
    }
  }, REAL_INDEX_TIMEOUT_MS);

  it("still succeeds, saying the check was skipped, when the store cannot be opened", async () => {
    await writeFiles(corpus(), { "lighthouses.md": TINY_CORPUS["lighthouses.md"].replace("stands 35 metres tall", "stands 37 metres tall") });
    const { exit, stderr } = await ingestOnce({ DATABASE_URL: "postgres://citebot:wrong@127.0.0.1:1/none" });
    expect(exit.code).toBe(0);
    expect(stderr).toMatch(/Index written to[\s\S]*Stale-answer check skipped: /);
  }, REAL_INDEX_TIMEOUT_MS);
});
