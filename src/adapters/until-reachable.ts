import { type Transience, retryTransient } from "../chat/retry.js";
import type { Logger } from "../logger.js";
import type { Health, PlatformName } from "./health.js";

/** Start-up waits: a network outage can last minutes, and a crash loop would not end it sooner. */
const STARTUP_BACKOFF = { firstDelayMs: 1_000, maxDelayMs: 30_000 } as const;

const PLATFORM_NAME: Record<PlatformName, string> = { slack: "Slack", discord: "Discord" };

export interface ReachOptions {
  platform: PlatformName;
  /** What the call does, for the log: "checking SLACK_BOT_TOKEN". */
  what: string;
  health: Health;
  logger: Logger;
  backoff?: { firstDelayMs: number; maxDelayMs: number };
  signal?: AbortSignal;
}

/**
 * Runs a start-up call until the platform answers. While it is unreachable `/healthz` says so (503, with the reason
 * and the next attempt), and the log has one line per attempt; a definite refusal (a rejected token) is rethrown.
 */
export function untilReachable<T>(call: () => Promise<T>, classify: (error: unknown) => Transience, options: ReachOptions): Promise<T> {
  const name = PLATFORM_NAME[options.platform];
  return retryTransient(call, classify, {
    deadline: Number.POSITIVE_INFINITY,
    ...(options.backoff ?? STARTUP_BACKOFF),
    signal: options.signal,
    onRetry: ({ attempt, delayMs, reason }) => {
      const seconds = Math.max(1, Math.round(delayMs / 1000));
      options.health.setPlatform(options.platform, "retrying", `cannot reach ${name} (${reason}); attempt ${attempt} failed, next in ${seconds} s`);
      options.logger.warn({ platform: options.platform, attempt, retryInMs: delayMs, reason }, `cannot reach ${name} while ${options.what}; retrying`);
    },
  });
}
