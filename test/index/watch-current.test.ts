import fs from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { IndexPointer } from "../../src/index/store.js";
import { watchCurrent } from "../../src/index/watch-current.js";
import { makeTempDir } from "../helpers/temp-dir.js";

let dir: string;
let cleanup: () => Promise<void>;
let closeWatcher: () => void = () => undefined;
const SHA = "a".repeat(64);

beforeEach(async () => {
  const temp = await makeTempDir("watch-current");
  dir = temp.path;
  cleanup = temp.remove;
  await point("gen-1-aaa");
});

afterEach(async () => {
  closeWatcher();
  await cleanup();
});

/** Switches CURRENT as writeIndex does: a new file renamed over the old one. */
async function point(generation: string, sha = SHA): Promise<void> {
  const temporary = path.join(dir, `CURRENT.tmp-${generation}`);
  await fs.writeFile(temporary, `${generation}\nmanifest sha256:${sha}\n`);
  await fs.rename(temporary, path.join(dir, "CURRENT"));
}

/** Starts a watcher and returns a function that resolves with the next pointer it reports. */
function watch(options: { useFsWatch?: boolean; pollMs?: number } = {}) {
  const seen: IndexPointer[] = [];
  const waiters: Array<() => void> = [];
  const watcher = watchCurrent(dir, {
    ...options,
    onChange: (pointer) => {
      seen.push(pointer);
      waiters.splice(0).forEach((wake) => wake());
    },
  });
  closeWatcher = () => watcher.close();
  const ready = watcher.ready;
  const next = async (count: number) => {
    while (seen.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
    return seen.slice(0, count);
  };
  return { seen, next, ready };
}

/** Long enough for a few polls of 10–20 ms: only to show that nothing was reported. */
const fewPolls = () => new Promise((resolve) => setTimeout(resolve, 100));

describe("watchCurrent", () => {
  it("reports a new generation written over CURRENT, as ingest switches it", async () => {
    const { next, ready } = watch({ pollMs: 60_000 });
    await ready;
    await point("gen-2-bbb");
    expect(await next(1)).toEqual([{ generation: "gen-2-bbb", manifestSha256: SHA }]);
  });

  it("sees a change by polling alone, as on a shared folder where file events do not arrive", async () => {
    const { next, ready } = watch({ useFsWatch: false, pollMs: 20 });
    await ready;
    await point("gen-2-bbb");
    expect((await next(1))[0]?.generation).toBe("gen-2-bbb");
  });

  it("reports the same generation rewritten with another manifest", async () => {
    const { next, ready } = watch({ pollMs: 20 });
    await ready;
    await point("gen-1-aaa", "b".repeat(64));
    expect((await next(1))[0]).toEqual({ generation: "gen-1-aaa", manifestSha256: "b".repeat(64) });
  });

  it("reports nothing while CURRENT stays as it was", async () => {
    const { seen, ready } = watch({ pollMs: 10 });
    await ready;
    await point("gen-1-aaa");
    await fewPolls();
    expect(seen).toEqual([]);
  });

  it("reports the index that appears in a folder that had none", async () => {
    await fs.rm(path.join(dir, "CURRENT"));
    const { next, ready } = watch({ pollMs: 20 });
    await ready;
    await point("gen-1-ccc");
    expect((await next(1))[0]?.generation).toBe("gen-1-ccc");
  });

  it("reports a garbled CURRENT as an error and goes on watching", async () => {
    let erred = () => undefined as void;
    const error = new Promise<string>((resolve) => (erred = () => resolve("")));
    const errors: string[] = [];
    const { next, ready } = (() => {
      const seen: IndexPointer[] = [];
      const wakers: Array<() => void> = [];
      const watcher = watchCurrent(dir, {
        pollMs: 20,
        onError: (failure) => (errors.push(failure.message), erred()),
        onChange: (pointer) => (seen.push(pointer), wakers.splice(0).forEach((wake) => wake())),
      });
      closeWatcher = () => watcher.close();
      return { ready: watcher.ready, next: async () => { while (seen.length === 0) await new Promise<void>((resolve) => wakers.push(resolve)); return seen; } };
    })();
    await ready;
    await fs.writeFile(path.join(dir, "CURRENT"), "\u0000garbage");
    await error;
    await point("gen-3-ddd");
    expect({ garbled: errors[0], seen: (await next()).map((pointer) => pointer.generation) }).toEqual({ garbled: expect.stringContaining("garbled"), seen: ["gen-3-ddd"] });
  });
});
