import { HTTPError, RateLimitError } from "discord.js";
import { describe, expect, it } from "vitest";
import { classifyDiscordError } from "../../src/adapters/discord/transient.js";
import { classifySlackError } from "../../src/adapters/slack/transient.js";

describe("classifySlackError", () => {
  it.each([
    ["a rate limit, with its Retry-After", { code: "slack_webapi_rate_limited_error", retryAfter: 3 }, { retry: true, afterMs: 3_000 }],
    ["a network failure", { code: "slack_webapi_request_error", original: Object.assign(new Error("x"), { code: "ECONNRESET" }) }, { retry: true }],
    ["an HTTP 503", { code: "slack_webapi_http_error", statusCode: 503 }, { retry: true }],
    ["a response_url answering 502", { code: "slack_bolt_respond_error", statusCode: 502 }, { retry: true }],
    ["Slack's internal_error", { code: "slack_webapi_platform_error", data: { error: "internal_error" } }, { retry: true }],
    ["invalid_blocks", { code: "slack_webapi_platform_error", data: { error: "invalid_blocks" } }, { retry: false }],
    ["an HTTP 404", { code: "slack_webapi_http_error", statusCode: 404 }, { retry: false }],
  ])("treats %s as %o", (_name, error, expected) => {
    expect(classifySlackError(error)).toMatchObject(expected);
  });
});

describe("classifyDiscordError", () => {
  const request = { body: undefined, files: undefined, json: undefined };
  it("retries a 5xx, a network failure and a long rate limit, but not a 4xx", () => {
    const serverError = new HTTPError(500, "Internal Server Error", "POST", "https://discord.test/api/v10/channels/1/messages", request);
    const limited = new RateLimitError({ timeToReset: 20_000, limit: 5, method: "POST", hash: "h", url: "u", route: "/channels/:id/messages", majorParameter: "1", global: false, retryAfter: 20_000, sublimitTimeout: 0, scope: "user" });
    const network = new TypeError("fetch failed", { cause: Object.assign(new Error("x"), { code: "ECONNREFUSED" }) });
    expect([classifyDiscordError(serverError), classifyDiscordError(limited), classifyDiscordError(network), classifyDiscordError(new Error("Missing Access"))]).toEqual([
      { retry: true, reason: "HTTP 500" },
      { retry: true, reason: "rate limited on /channels/:id/messages", afterMs: 20_000 },
      { retry: true, reason: "network: ECONNREFUSED" },
      { retry: false },
    ]);
  });
});
