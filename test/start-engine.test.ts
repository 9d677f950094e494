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
