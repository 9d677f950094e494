import fs from "node:fs";
import { readPointer, type IndexPointer } from "./store.js";

export interface WatchCurrentOptions {
  /** Called with each new pointer `CURRENT` holds (another generation, or the same rewritten with another manifest). */
  onChange: (pointer: IndexPointer) => void;
  /** A CURRENT that cannot be read or parsed; the watch goes on. */
  onError?: (error: Error) => void;
  /** How often CURRENT is read regardless of file events: fs.watch misses changes made by other machines on a shared folder. */
  pollMs?: number;
  /** Off in tests of the poll on its own. */
  useFsWatch?: boolean;
}

export const defaultWatchCurrentOptions = { pollMs: 5_000, useFsWatch: true } as const;

/**
 * Watches an index folder's `CURRENT` pointer (fs.watch on the folder, since ingest replaces CURRENT by a rename,
 * plus a poll), reporting each change once. Starts from the pointer it reads first. Timers do not keep the process alive.
 */
export function watchCurrent(indexDir: string, options: WatchCurrentOptions): { ready: Promise<void>; close(): void } {
  const pollMs = options.pollMs ?? defaultWatchCurrentOptions.pollMs;
  let last: string | undefined;
  let closed = false;
  let checking = false;
  let again = false;
  const key = (pointer: IndexPointer | undefined) => (pointer ? `${pointer.generation}\n${pointer.manifestSha256 ?? ""}` : "");
  const check = async (report: boolean): Promise<void> => {
    if (checking) {
      again = true;
      return;
    }
    checking = true;
    try {
      do {
        again = false;
        const pointer = await readPointer(indexDir).catch((error: unknown) => {
          if (!closed) options.onError?.(error as Error);
          return null;
        });
        if (pointer === null || closed) continue;
        const seen = key(pointer);
        if (seen !== last) {
          last = seen;
          if (report && pointer) options.onChange(pointer);
        }
      } while (again && !closed);
    } finally {
      checking = false;
    }
  };
  const started = check(false);
  let watcher: fs.FSWatcher | undefined;
  if (options.useFsWatch ?? defaultWatchCurrentOptions.useFsWatch) {
    try {
      watcher = fs.watch(indexDir, { persistent: false }, (_event, name) => {
        if (name === null || name === "CURRENT") void started.then(() => check(true));
      });
      watcher.on("error", () => undefined);
    } catch {
      // A folder that cannot be watched (not there yet, some network mounts): the poll still sees changes.
    }
  }
  const timer = setInterval(() => void started.then(() => check(true)), pollMs);
  timer.unref();
  return {
    /** Resolves once the starting pointer is read: changes after it are reported. */
    ready: started,
    close() {
      closed = true;
      clearInterval(timer);
      watcher?.close();
    },
  };
}
