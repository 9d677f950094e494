import fs from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runWhenSettled, watchCorpus } from "../../src/index/watch-corpus.js";
import { makeTempDir, writeFiles } from "../helpers/temp-dir.js";

/** A run that records itself and can be held open; `runs(n)` resolves once n runs have started. */
function recorder() {
  let started = 0;
  const waiting: Array<() => void> = [];
  let holding: Promise<void> | undefined;
  let letGo = () => undefined as void;
  return {
    hold() {
      holding = new Promise<void>((resolve) => (letGo = resolve));
    },
    letGo: () => letGo(),
    run: async () => {
      started++;
      waiting.splice(0).forEach((wake) => wake());
      await holding;
      holding = undefined;
    },
    started: () => started,
    runs: async (count: number) => {
      while (started < count) await new Promise<void>((resolve) => waiting.push(resolve));
    },
  };
}

describe("runWhenSettled", () => {
  it("runs once for a burst of changes", async () => {
    const runs = recorder();
    const settled = runWhenSettled(runs.run, 20);
    for (let i = 0; i < 5; i++) settled.touch();
    await runs.runs(1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(runs.started()).toBe(1);
  });

  it("runs once more after a run during which something changed", async () => {
    const runs = recorder();
    runs.hold();
    const settled = runWhenSettled(runs.run, 5);
    settled.touch();
    await runs.runs(1);
    settled.touch();
    settled.touch();
    runs.letGo();
    await runs.runs(2);
    expect(runs.started()).toBe(2);
  });

  it("reports a failed run and runs again on the next change", async () => {
    const errors: string[] = [];
    let calls = 0;
    let second = () => undefined as void;
    const done = new Promise<void>((resolve) => (second = resolve));
    const settled = runWhenSettled(
      async () => {
        calls++;
        if (calls === 1) throw new Error("corpus folder vanished");
        second();
      },
      5,
      (error) => {
        errors.push(error.message);
        settled.touch();
      },
    );
    settled.touch();
    await done;
    expect(errors).toEqual(["corpus folder vanished"]);
  });
});

describe("watchCorpus", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let stop = () => undefined as void;
  beforeEach(async () => {
    const temp = await makeTempDir("watch-corpus");
    dir = temp.path;
    cleanup = temp.remove;
    await writeFiles(dir, { "guides/a.md": "# A\n\nAlpha.\n" });
  });
  afterEach(async () => {
    stop();
    await cleanup();
  });

  it("calls back once files settle after a change in a sub-folder", async () => {
    const runs = recorder();
    const watcher = watchCorpus(dir, { onSettled: runs.run, quietMs: 20, pollMs: 60_000 });
    stop = () => watcher.close();
    await watcher.ready;
    await writeFiles(dir, { "guides/b.md": "# B\n\nBeta.\n" });
    await runs.runs(1);
    expect(runs.started()).toBe(1);
  });

  it("sees an edit by comparing sizes and times when file events do not arrive", async () => {
    const runs = recorder();
    const watcher = watchCorpus(dir, { onSettled: runs.run, quietMs: 5, pollMs: 20, useFsWatch: false });
    stop = () => watcher.close();
    await watcher.ready;
    await fs.appendFile(path.join(dir, "guides/a.md"), "More alpha.\n");
    await runs.runs(1);
    expect(runs.started()).toBe(1);
  });
});
