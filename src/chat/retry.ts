/** What a failed platform call means for retrying it. */
export type Transience =
  | { retry: false }
  /** `afterMs`: the least wait the platform asked for (Retry-After). */
  | { retry: true; reason: string; afterMs?: number };

export interface RetryOptions {
  /** Epoch ms after which no new attempt starts. */
  deadline: number;
  /** First backoff; each later one doubles, up to `maxDelayMs`, with jitter. */
  firstDelayMs: number;
  maxDelayMs: number;
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
  /** Stops waiting for the next attempt; the last error is then rethrown. */
  signal?: AbortSignal;
  /** For tests. */
  random?: () => number;
  now?: () => number;
}

export const defaultBackoff = { firstDelayMs: 250, maxDelayMs: 5_000 } as const satisfies Pick<RetryOptions, "firstDelayMs" | "maxDelayMs">;

/**
 * Calls `call` until it succeeds, fails for good, or the next attempt would start past the deadline; then rejects
 * with the last error. Waits grow exponentially with jitter (half to full of the step, so many clients failing
 * together do not retry together), and never less than a Retry-After the platform sent.
 */
export async function retryTransient<T>(call: () => Promise<T>, classify: (error: unknown) => Transience, options: RetryOptions): Promise<T> {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const transience = classify(error);
      if (!transience.retry) throw error;
      const step = Math.min(options.maxDelayMs, options.firstDelayMs * 2 ** (attempt - 1));
      const delayMs = Math.max(Math.round(step * (0.5 + random() / 2)), transience.afterMs ?? 0);
      if (now() + delayMs > options.deadline || options.signal?.aborted) throw error;
      options.onRetry?.({ attempt, delayMs, reason: transience.reason });
      if (!(await pause(delayMs, options.signal))) throw error;
    }
  }
}

/** Waits `ms`; false when `signal` aborted the wait. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The time a reply may take through an outage, split between the answer and, if that fails, an apology. */
export interface DeliveryBudget {
  answerDeadline: number;
  apologyDeadline: number;
}

/** A third of the time (at most 10 s) is kept for the apology, so an outage that ends late still gets one through. */
export function deliveryBudget(totalMs: number, now: number = Date.now()): DeliveryBudget {
  const apologyMs = Math.min(10_000, Math.round(totalMs / 3));
  return { answerDeadline: now + totalMs - apologyMs, apologyDeadline: now + totalMs };
}

const NETWORK_CODES = /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|EPIPE|EHOSTUNREACH|ENETUNREACH|UND_ERR_\w+)$/;

interface ErrorLink {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  cause?: unknown;
}

/**
 * The network failure behind an error from Node's fetch or a client built on it (`ECONNREFUSED`, a timeout's
 * `AbortError`, …), looking through up to four `cause`s; undefined when the error is not a network failure.
 */
export function networkFailure(error: unknown): string | undefined {
  const chain: ErrorLink[] = [];
  for (let link = error as ErrorLink | undefined; link && typeof link === "object" && chain.length < 5; link = link.cause as ErrorLink | undefined) chain.push(link);
  const coded = chain.find((link) => typeof link.code === "string" && NETWORK_CODES.test(link.code));
  if (coded) return String(coded.code);
  const aborted = chain.find((link) => link.name === "AbortError" || link.name === "TimeoutError");
  if (aborted) return String(aborted.name);
  return chain.some((link) => typeof link.message === "string" && /fetch failed|socket hang up|other side closed/i.test(link.message)) ? "connection failed" : undefined;
}
