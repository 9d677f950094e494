import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    // Two cores: model-heavy suites in parallel files would only contend for them.
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ["default"],
  },
});
