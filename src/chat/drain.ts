/** The outcome of a drain: answers that finished within the grace period, and those whose askers were told instead. */
export interface DrainReport {
  finished: number;
  abandoned: number;
}

export interface Drain {
  /** True once a stop began: new questions get a "restarting" notice instead of an answer. */
  readonly draining: boolean;
  /**
   * Keeps `work` in view until it settles. `abandon` tells its asker the bot is restarting, if the grace period ends
   * first; work with nothing to tell (a vote already stored) passes none.
   */
  track<T>(work: Promise<T>, abandon?: () => Promise<unknown>): Promise<T>;
  /** Stops taking new questions. */
  begin(): void;
  /**
   * Begins, waits up to `graceMs` for tracked work, then runs each unfinished item's `abandon` (for at most
   * `noticeMs` in all) and reports.
   */
  settle(graceMs: number, noticeMs?: number): Promise<DrainReport>;
}

interface Item {
  work: Promise<unknown>;
  abandon?: () => Promise<unknown>;
}

/** Notices to askers of unfinished answers are themselves bounded, so a platform outage cannot hold the exit. */
const DRAIN_NOTICE_MS = 5_000;

export function createDrain(): Drain {
  const items = new Set<Item>();
  let draining = false;
  let finished = 0;
  return {
    get draining() {
      return draining;
    },
    track(work, abandon) {
      const item: Item = { work, abandon };
      items.add(item);
      const done = () => {
        if (items.delete(item) && draining) finished += 1;
      };
      work.then(done, done);
      return work;
    },
    begin() {
      draining = true;
    },
    async settle(graceMs, noticeMs = DRAIN_NOTICE_MS) {
      draining = true;
      const deadline = Date.now() + graceMs;
      // Work tracked while waiting (a vote clicked during the drain) is waited for too.
      while (items.size > 0 && Date.now() < deadline) {
        await waitAtMost(Promise.allSettled([...items].map((item) => item.work)), deadline - Date.now());
      }
      const unfinished = [...items];
      items.clear();
      const told = unfinished.flatMap((item) => (item.abandon ? [item.abandon().catch(() => undefined)] : []));
      await waitAtMost(Promise.allSettled(told), noticeMs);
      return { finished, abandoned: unfinished.length };
    },
  };
}

async function waitAtMost(work: Promise<unknown>, ms: number): Promise<void> {
  if (!Number.isFinite(ms)) {
    await work;
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, ms))))]);
  clearTimeout(timer);
}
