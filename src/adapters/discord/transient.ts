import { HTTPError, RateLimitError } from "discord.js";
import { type Transience, networkFailure } from "../../chat/retry.js";

/**
 * Whether a failed Discord REST call is worth another attempt: 5xx, a rate limit discord.js handed back (it waits
 * out short ones itself), and network failures. A DiscordAPIError (4xx: bad form body, missing access) would fail
 * the same way again.
 */
export function classifyDiscordError(error: unknown): Transience {
  if (error instanceof RateLimitError) return { retry: true, reason: `rate limited on ${error.route}`, afterMs: error.retryAfter };
  if (error instanceof HTTPError) return error.status >= 500 || error.status === 429 || error.status === 408 ? { retry: true, reason: `HTTP ${error.status}` } : { retry: false };
  const network = networkFailure(error);
  return network ? { retry: true, reason: `network: ${network}` } : { retry: false };
}
