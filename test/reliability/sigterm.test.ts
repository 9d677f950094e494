import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UseLiteEmbeddings } from "../../src/index/embedder.js";
import { ingest } from "../../src/index/ingest.js";
import { silentLogger } from "../../src/logger.js";
import { type FakeSlack, FAKE_BOT_USER, startFakeSlack } from "../fakes/slack.js";
import { eventEnvelope, mentionEvent, signedPost } from "../fakes/slack-requests.js";
import { DEFAULTS, REAL_INDEX_TIMEOUT_MS } from "../helpers/real-corpus.js";
import { makeTempDir, writeFiles } from "../helpers/temp-dir.js";
import { TINY_CORPUS } from "../helpers/tiny-corpus.js";
import { type Exit, type RunningScript, startScript } from "./child-process.js";
import { type HeldSlackApi, holdSlackMethod } from "./held-slack-api.js";

const BOT_TOKEN = "xoxb-1111-2222-sigtermtoken";
const SIGNING_SECRET = "5ec7e75ec7e75ec7e75ec7e75ec7e7aa";
const QUESTION = "How tall is the Bell Rock lighthouse?";

let work: { path: string; remove: () => Promise<void> };
let fake: FakeSlack;
let api: HeldSlackApi;
let bot: RunningScript;
let eventsUrl: string;
let exit: Exit;
const first = mentionEvent({ text: `<@${FAKE_BOT_USER}> ${QUESTION}` });
const late = mentionEvent({ text: `<@${FAKE_BOT_USER}> Which volcano buried Pompeii?` });

const postEvent = (event: Record<string, unknown>) =>
  signedPost(eventsUrl, JSON.stringify(eventEnvelope(event)), "application/json", { secret: SIGNING_SECRET }).then(
    (result) => result.status,
    () => "refused" as const,
  );

beforeAll(async () => {
  work = await makeTempDir("sigterm");
  const corpusDir = path.join(work.path, "corpus");
  const indexDir = path.join(work.path, "index");
  await writeFiles(corpusDir, TINY_CORPUS);
  const embeddings = new UseLiteEmbeddings();
  await ingest({ corpusDir, indexDir, maxFileBytes: DEFAULTS.MAX_FILE_BYTES, chunkMaxChars: DEFAULTS.CHUNK_MAX_CHARS, embeddings, logger: silentLogger() });
  fake = await startFakeSlack();
  api = await holdSlackMethod(fake.apiUrl, "reactions.add");
  bot = startScript("src/main.ts", [], {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: api.apiUrl,
    PORT: "0",
    CORPUS_DIR: corpusDir,
    INDEX_DIR: indexDir,
    DATA_DIR: path.join(work.path, "data"),
  });
  const ready = await bot.waitForStderr(/"port":(\d+)[^\n]*Slack adapter ready/);
  eventsUrl = `http://127.0.0.1:${/"port":(\d+)/.exec(ready)?.[1]}/slack/events`;
}, REAL_INDEX_TIMEOUT_MS);

afterAll(async () => {
  if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill("SIGKILL");
  await api.close();
  await fake.close();
  await work.remove();
});

describe("SIGTERM while an answer is in flight (npm start, Slack HTTP mode)", () => {
  let lateStatus: number | "refused";
  let health: { status: number; body: unknown };

  beforeAll(async () => {
    const response = await fetch(eventsUrl.replace("/slack/events", "/healthz"));
    health = { status: response.status, body: await response.json() };
    expect(await postEvent(first)).toBe(200);
    // The bot is now waiting on Slack (reactions.add is held): the answer is in flight.
    await api.held();
    bot.child.kill("SIGTERM");
    await bot.waitForStderr(/stopping: finishing answers in progress/);
    lateStatus = await postEvent(late);
    api.release();
    exit = await bot.exited;
  }, 60_000);

  it("reports itself healthy on /healthz, with the index loaded, before the signal", () => {
    expect(health).toMatchObject({ status: 200, body: { ok: true, indexLoaded: true, documents: 3 } });
  });

  it("delivers the answer that was in flight", async () => {
    const reply = await fake.waitForCall("chat.postMessage", (call) => call.args.thread_ts === first.ts);
    expect(String(reply.args.text)).toMatch(/Bell Rock/);
  });

  it("takes no new work after the signal", () => {
    const answeredLate = fake.callsTo("chat.postMessage").some((call) => call.args.thread_ts === late.ts);
    expect({ lateStatus: lateStatus === 200 ? "accepted" : "not accepted", answeredLate }).toEqual({ lateStatus: "not accepted", answeredLate: false });
  });

  it("exits 0 by itself, within the grace period", () => {
    expect({ exit, forced: /after the grace period/.test(bot.stderr()), stopped: /"msg":"stopped"/.test(bot.stderr()) }).toEqual({ exit: { code: 0, signal: null }, forced: false, stopped: true });
  });
});
