import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEngine } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { ErrorCode } from "../src/errors.js";
import { UseLiteEmbeddings } from "../src/index/embedder.js";
import { ingest } from "../src/index/ingest.js";
import { createLogger, silentLogger } from "../src/logger.js";
import { REAL_INDEX_TIMEOUT_MS } from "./helpers/real-corpus.js";
import { makeTempDir, writeFiles } from "./helpers/temp-dir.js";
import { TINY_CORPUS } from "./helpers/tiny-corpus.js";

let work: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  work = await makeTempDir("start-engine");
});
afterAll(() => work.remove());

describe("startEngine without the corpus folder", () => {
  it("stops with corpus_missing, naming CORPUS_DIR and the fix, when there is no index either", async () => {
    const config = loadConfig({ CORPUS_DIR: path.join(work.path, "no-corpus"), INDEX_DIR: path.join(work.path, "no-index") });
    await expect(startEngine(config, silentLogger())).rejects.toMatchObject({
      code: ErrorCode.CorpusMissing,
      message: expect.stringMatching(/^CORPUS_DIR: the folder .*no-corpus does not exist, and there is no index in .*no-index to answer from\. Create .* or set CORPUS_DIR/),
    });
  });

  it(
    "answers from the index already built, warning that the folder is missing and how to refresh it",
    async () => {
      const corpusDir = path.join(work.path, "corpus");
      const indexDir = path.join(work.path, "index");
      await writeFiles(corpusDir, TINY_CORPUS);
      await ingest({ corpusDir, indexDir, embeddings: new UseLiteEmbeddings(), logger: silentLogger() });
      const lines: string[] = [];
      const logger = createLogger({ level: "warn", destination: { write: (line: string) => void lines.push(line) } });

      const engine = await startEngine(loadConfig({ CORPUS_DIR: path.join(work.path, "moved-away"), INDEX_DIR: indexDir }), logger);

      expect(engine.topics().map((topic) => topic.title)).toContain("Volcanoes");
      const warning = lines.map((line) => JSON.parse(line) as { level: number; msg: string }).find((record) => record.msg.startsWith("CORPUS_DIR:"));
      expect(warning?.level).toBe(40);
      expect(warning?.msg).toMatch(/the folder .*moved-away does not exist; answering from the index already in .*index \(built .*, 3 documents\)\. .*npm run ingest/);
    },
    REAL_INDEX_TIMEOUT_MS,
  );
});

describe("startEngine as `npm start` runs it", () => {
  it(
    "answers on an engine worker and serves the generation a new ingest writes, without a restart",
    async () => {
      const corpusDir = path.join(work.path, "live-corpus");
      const indexDir = path.join(work.path, "live-index");
      await writeFiles(corpusDir, TINY_CORPUS);
      const embeddings = new UseLiteEmbeddings();
      await ingest({ corpusDir, indexDir, embeddings, logger: silentLogger() });
      const lines: string[] = [];
      const logger = createLogger({ level: "info", destination: { write: (line: string) => void lines.push(line) } });
      const engine = await startEngine(loadConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, ENGINE_WORKERS: "1", INDEX_POLL_MS: "200" }), logger);
      try {
        const before = engine.generation;
        expect((await engine.answer("How tall is the Bell Rock lighthouse?")).grounded).toBe(true);

        await writeFiles(corpusDir, { "harbours.md": "# Harbours\n\nAberdeen harbour was founded in 1136 and is the oldest business in Britain.\n" });
        await ingest({ corpusDir, indexDir, embeddings, logger: silentLogger() });
        while (engine.generation === before) await new Promise((resolve) => setTimeout(resolve, 50));
        const answer = await engine.answer("When was Aberdeen harbour founded?");

        const logged = lines.map((line) => JSON.parse(line) as { msg: string });
        expect({
          cites: answer.citations.map((citation) => citation.title),
          workersReady: logged.some((record) => record.msg === "engine workers ready"),
          servingLogged: logged.some((record) => record.msg === `serving index generation ${engine.generation}`),
        }).toEqual({ cites: expect.arrayContaining(["Harbours"]) as unknown, workersReady: true, servingLogged: true });
      } finally {
        await engine.close();
        await embeddings.release();
      }
    },
    REAL_INDEX_TIMEOUT_MS * 2,
  );
});
