import type { RESTOptions } from "discord.js";

/** discord.js waits out rate limits up to this long by itself; a longer one comes back to citebot's own retry, with its deadline. */
export const DISCORD_RATE_LIMIT_WAIT_MAX_MS = 10_000;

/**
 * discord.js REST options. Its own retries are off (it retried 5xx at once, three times, so a reply and its apology
 * were spent within 70 ms of an outage): every send retries with backoff and a deadline instead (send.ts).
 * DISCORD_API_URL: discord.js appends `/v10` itself, so a trailing slash or version that people copy from Discord's
 * docs (`…/api/v10/`) is dropped rather than doubled.
 */
export function restOptions(apiUrl: string | undefined): Partial<RESTOptions> {
  const base: Partial<RESTOptions> = { retries: 0, rejectOnRateLimit: (limit) => limit.retryAfter > DISCORD_RATE_LIMIT_WAIT_MAX_MS };
  if (!apiUrl) return base;
  return { ...base, api: apiUrl.replace(/\/+$/, "").replace(/\/v\d+$/, "") };
}
