import { type Transience, networkFailure } from "../../chat/retry.js";

// Web API `error` values Slack documents as temporary: https://docs.slack.dev/reference/methods/chat.postMessage#errors
const TRANSIENT_PLATFORM_ERRORS = new Set(["internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited"]);

interface SlackLikeError {
  code?: unknown;
  retryAfter?: unknown;
  statusCode?: unknown;
  data?: { error?: unknown };
  original?: unknown;
}

/**
 * Whether a failed Slack call (Web API or `respond()` to a response_url) is worth another attempt: rate limits
 * (after their Retry-After), 5xx, Slack's temporary errors, and network failures. Everything else, such as
 * `invalid_blocks` or `not_in_channel`, would fail the same way again.
 */
export function classifySlackError(error: unknown): Transience {
  const e = (error ?? {}) as SlackLikeError;
  switch (e.code) {
    case "slack_webapi_rate_limited_error":
      return { retry: true, reason: "rate limited (429)", afterMs: typeof e.retryAfter === "number" ? e.retryAfter * 1000 : undefined };
    case "slack_webapi_request_error":
      return { retry: true, reason: `network: ${networkFailure(e.original) ?? "request failed"}` };
    case "slack_webapi_http_error":
    case "slack_bolt_respond_error":
      return isRetryableStatus(e.statusCode) ? { retry: true, reason: `HTTP ${String(e.statusCode)}` } : { retry: false };
    case "slack_webapi_platform_error": {
      const code = e.data?.error;
      return typeof code === "string" && TRANSIENT_PLATFORM_ERRORS.has(code) ? { retry: true, reason: code } : { retry: false };
    }
  }
  // `respond()` calls fetch directly: a network failure is a TypeError whose cause carries the code.
  const network = networkFailure(error);
  return network ? { retry: true, reason: `network: ${network}` } : { retry: false };
}

function isRetryableStatus(status: unknown): boolean {
  return typeof status === "number" && (status >= 500 || status === 429 || status === 408);
}
