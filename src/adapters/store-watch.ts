import { asCitebotError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { Store } from "../store/store.js";
import type { StoreStatus } from "./health.js";

export interface StoreWatchOptions {
  /** How often /healthz's view of the store and the index generation is refreshed. */
  checkEveryMs?: number;
  /** How often expired turns, answers, event claims and finished jobs are deleted. */
  pruneEveryMs?: number;
}

export const defaultStoreWatchOptions = { checkEveryMs: 5_000, pruneEveryMs: 60 * 60_000 } as const satisfies Required<StoreWatchOptions>;

export interface StoreWatch {
  status(): StoreStatus | undefined;
  generation(): string | undefined;
  /** Checks now rather than at the next tick. */
  refresh(): Promise<void>;
  stop(): void;
}

/**
 * Keeps /healthz's view of the store and the index generation fresh (a health check answers from memory, never
 * waiting on a database), and runs the store's retention now and then. Timers are unref'd: they never keep a
 * stopping process alive.
 */
export function watchStore(store: Store, readGeneration: () => Promise<string | undefined>, logger: Logger, given: StoreWatchOptions = {}): StoreWatch {
  const options = { ...defaultStoreWatchOptions, ...given };
  let status: StoreStatus | undefined;
  let generation: string | undefined;
  const check = async () => {
    const ping = await store.ping();
    const next: StoreStatus = ping.ok ? { state: "ok", kind: ping.kind, latencyMs: ping.latencyMs } : { state: "unreachable", kind: ping.kind, detail: ping.error };
    if (status?.state !== next.state) (next.state === "ok" ? logger.info.bind(logger) : logger.warn.bind(logger))({ store: store.location, ...next }, `store ${next.state}`);
    status = next;
    generation = await readGeneration().catch(() => generation);
  };
  const prune = async () => {
    try {
      const report = await store.prune();
      logger.debug({ report }, "store retention ran");
    } catch (error) {
      logger.warn({ err: asCitebotError(error) }, "could not prune the store; it retries later");
    }
  };
  void check();
  void prune();
  const checking = setInterval(() => void check(), options.checkEveryMs).unref();
  const pruning = setInterval(() => void prune(), options.pruneEveryMs).unref();
  return {
    status: () => status,
    generation: () => generation,
    refresh: check,
    stop() {
      clearInterval(checking);
      clearInterval(pruning);
    },
  };
}
