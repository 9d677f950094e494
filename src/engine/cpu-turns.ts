/**
 * Runs CPU-bound jobs one at a time, giving the event loop a turn before each. Embedding a question blocks
 * the thread for ~10 ms; fifty interleaved answers would otherwise hold a platform's ack (Slack allows 3 s)
 * behind all of them, where taking turns delays it by at most one job.
 */
export function createCpuTurns(): <T>(job: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (job) => {
    const run = tail.then(yieldToEventLoop).then(job);
    tail = run.catch(() => undefined);
    return run;
  };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
