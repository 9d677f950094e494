import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";

export interface WatchCorpusOptions {
  /** Runs once the corpus has been quiet for `quietMs` after a change; never two at once. */
  onSettled: () => Promise<void>;
  onError?: (error: Error) => void;
  /** An editor's save, a `git pull`, a copied folder: one run for the lot. */
  quietMs?: number;
  /** How often file sizes and times are compared regardless of file events (network folders send none). */
  pollMs?: number;
  /** Off in tests of the poll on its own. */
  useFsWatch?: boolean;
  /** Keep the process alive while watching (`npm run ingest -- --watch`); a bot's own loop needs no help. */
  persistent?: boolean;
}

export const defaultWatchCorpusOptions = { quietMs: 1_000, pollMs: 10_000, useFsWatch: true, persistent: false } as const;

/** Watches every file under `corpusDir` (fs.watch, recursive, plus a poll) and calls `onSettled` after each burst of changes. */
export function watchCorpus(corpusDir: string, options: WatchCorpusOptions): { ready: Promise<void>; close(): void } {
  const { quietMs, pollMs, useFsWatch, persistent } = { ...defaultWatchCorpusOptions, ...options };
  const settle = runWhenSettled(options.onSettled, quietMs, options.onError);
  let closed = false;
  let snapshot = "";
  const poll = async () => {
    const now = await describeTree(corpusDir).catch(() => snapshot);
    if (closed) return;
    if (now !== snapshot) {
      snapshot = now;
      settle.touch();
    }
  };
  const ready = describeTree(corpusDir).then(
    (first) => void (snapshot = first),
    () => undefined,
  );
  let watcher: fs.FSWatcher | undefined;
  if (useFsWatch) {
    try {
      watcher = fs.watch(corpusDir, { recursive: true, persistent }, () => settle.touch());
      watcher.on("error", () => undefined);
    } catch {
      // Some platforms and mounts cannot watch recursively: the poll still sees changes.
    }
  }
  const timer = setInterval(() => void ready.then(poll), pollMs);
  if (!persistent) timer.unref();
  return {
    ready,
    close() {
      closed = true;
      clearInterval(timer);
      watcher?.close();
      settle.cancel();
    },
  };
}

/**
 * `touch()` (re)starts a quiet period; when it ends, `run` is called. A touch during a run schedules one more
 * run after it, so a change that lands mid-ingest is never lost.
 */
export function runWhenSettled(run: () => Promise<void>, quietMs: number, onError?: (error: Error) => void): { touch(): void; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let pending = false;
  let cancelled = false;
  const start = () => {
    timer = undefined;
    if (cancelled) return;
    if (running) {
      pending = true;
      return;
    }
    running = run()
      .catch((error: unknown) => onError?.(error as Error))
      .finally(() => {
        running = undefined;
        if (pending && !cancelled) {
          pending = false;
          touch();
        }
      });
  };
  const touch = () => {
    if (cancelled) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(start, quietMs);
  };
  return {
    touch,
    cancel() {
      cancelled = true;
      if (timer) clearTimeout(timer);
    },
  };
}

/** Every file's relative path, size and modification time: equal strings, same tree. */
async function describeTree(root: string): Promise<string> {
  const entries = await fsp.readdir(root, { recursive: true, withFileTypes: true });
  const files = await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => {
        const file = path.join(entry.parentPath, entry.name);
        const stat = await fsp.stat(file).catch(() => undefined);
        return `${path.relative(root, file)}\u0000${stat?.size ?? -1}\u0000${stat?.mtimeMs ?? -1}`;
      }),
  );
  return files.sort().join("\n");
}
