import { defineConfig } from "vitest/config";

/**
 * Test files that start child processes (`npm start`, the scripts) or load the embedding model. `npm test` runs
 * everything; `npm run test:unit` runs the rest, in seconds, and test/unit-lane-guard.ts fails any test there that
 * starts a process or loads the model.
 */
const FULL_LANE = [
  "test/chaos/**",
  "test/cli/chat-signals.test.ts",
  "test/cli/discord-register.test.ts",
  "test/cli/help.test.ts",
  "test/cli/ingest-stale.test.ts",
  "test/cli/ingest-watch.test.ts",
  "test/engine/ask-json.test.ts",
  "test/engine/engine.test.ts",
  "test/engine/llm/engine-with-generator.test.ts",
  "test/engine/worker-pool-real.test.ts",
  "test/eval/quality.test.ts",
  "test/index/embed-pool.test.ts",
  "test/index/embedder.test.ts",
  "test/index/ingest-formats.test.ts",
  "test/index/open-generation.test.ts",
  "test/knowledge/document-sets-engine.test.ts",
  "test/knowledge/gap-report.test.ts",
  "test/knowledge/slack-knowledge.test.ts",
  "test/knowledge/stale-answers.test.ts",
  "test/reliability/config-errors.test.ts",
  "test/reliability/engine-load.test.ts",
  "test/reliability/index-faults.test.ts",
  "test/replicas/**",
  "test/start-engine.test.ts",
  "test/store/postgres.test.ts",
  "test/store/sqlite.test.ts",
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 180_000,
    // Two cores: model-heavy suites in parallel files would only contend for them.
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ["default"],
    projects: [
      { extends: true, test: { name: "unit", include: ["test/**/*.test.ts"], exclude: FULL_LANE, setupFiles: ["test/unit-lane-guard.ts"], isolate: false } },
      { extends: true, test: { name: "full", include: FULL_LANE.map((pattern) => (pattern.endsWith("**") ? `${pattern}/*.test.ts` : pattern)) } },
    ],
  },
});
