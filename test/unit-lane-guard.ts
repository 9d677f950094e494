import { vi } from "vitest";

// The unit lane (`npm run test:unit`) promises seconds: no child processes and no embedding model. A test that
// needs either fails here with what to do, instead of quietly making the lane slow; vitest.config.ts lists the
// files that belong to the full lane.

const FULL_LANE = "belongs to the full lane: add its file to FULL_LANE in vitest.config.ts";

vi.mock("node:child_process", () => {
  const refuse = () => {
    throw new Error(`a test started a child process, so it ${FULL_LANE}`);
  };
  return { spawn: refuse, fork: refuse, exec: refuse, execFile: refuse, execSync: refuse, execFileSync: refuse, spawnSync: refuse, default: {} };
});

vi.mock("@energetic-ai/embeddings", () => ({
  initModel: () => {
    throw new Error(`a test loaded the embedding model, so it ${FULL_LANE}`);
  },
}));
