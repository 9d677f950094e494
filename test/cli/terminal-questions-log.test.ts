import path from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createKnowledge } from "../../src/app.js";
import { answerAndRecord } from "../../src/cli/ask.js";
import { runChat } from "../../src/cli/chat.js";
import { loadConfig } from "../../src/config.js";
import { silentLogger } from "../../src/logger.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";
import { groundedAnswer, scriptedEngine } from "../fakes/engine.js";
import { makeTempDir } from "../helpers/temp-dir.js";

// `npm run chat` and `npm run ask` record their questions as platform `cli`, so a gap report needs no platform.
let dir: { path: string; remove: () => Promise<void> };
let store: Store;

beforeEach(async () => {
  dir = await makeTempDir("terminal-log");
  store = await openStore({ dataDir: dir.path });
});
afterEach(async () => {
  await store.close();
  await dir.remove();
});

const settings = (env: Record<string, string> = {}) => loadConfig({ DATA_DIR: dir.path, INDEX_DIR: path.join(dir.path, "index"), ...env });
const engine = () =>
  scriptedEngine({ reply: (question, options) => (options.history?.length ? groundedAnswer(question, { understoodAs: "Should we use Rails?" }) : groundedAnswer(question)) });

async function chat(lines: string[], env: Record<string, string> = {}): Promise<void> {
  const knowledge = await createKnowledge(settings(env), store, silentLogger());
  const input = new PassThrough();
  const done = runChat(engine(), {}, silentLogger(), input, new PassThrough(), knowledge);
  for (const line of lines) input.write(`${line}\n`);
  input.end();
  await done;
  await knowledge.settled();
}

describe("the questions log from the terminal", () => {
  it("records each chat question as platform cli, a follow-up with the question it was understood as", async () => {
    await chat(["Should we use Django?", "and Rails?"]);
    const logged = await store.questions.list();
    expect(logged.map(({ platform, channelId, question, understoodAs, grounded }) => ({ platform, channelId, question, understoodAs, grounded }))).toEqual([
      { platform: "cli", channelId: "terminal", question: "Should we use Django?", understoodAs: undefined, grounded: true },
      { platform: "cli", channelId: "terminal", question: "and Rails?", understoodAs: "Should we use Rails?", grounded: true },
    ]);
    expect(logged[0]?.cited.map((cited) => cited.chunkId)).toEqual(["wnuwf#1", "django#2"]);
    expect(logged[0]?.userHash).not.toBe("local");
  });

  it("records nothing with QUESTION_LOG=off", async () => {
    await chat(["Should we use Django?"], { QUESTION_LOG: "off" });
    expect(await store.questions.list()).toEqual([]);
  });

  it("records `npm run ask` questions as platform cli", async () => {
    const knowledge = await createKnowledge(settings(), store, silentLogger());
    const answer = await answerAndRecord(engine(), knowledge, "Is Django fast?");
    await knowledge.settled();
    const logged = await store.questions.list();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ platform: "cli", channelId: "ask", question: "Is Django fast?", grounded: answer.grounded });
  });
});
