import { describe, expect, it } from "vitest";
import { DISCORD_RATE_LIMIT_WAIT_MAX_MS, restOptions } from "../../../src/adapters/discord/rest-options.js";

describe("restOptions", () => {
  it("uses discord.js's default API when DISCORD_API_URL is unset", () => {
    expect(restOptions(undefined).api).toBeUndefined();
  });

  it("drops a trailing slash or API version, which discord.js adds itself", () => {
    for (const url of ["http://127.0.0.1:8080/api", "http://127.0.0.1:8080/api/", "http://127.0.0.1:8080/api/v10", "http://127.0.0.1:8080/api/v10/"]) {
      expect(restOptions(url).api).toBe("http://127.0.0.1:8080/api");
    }
  });

  it("turns off discord.js's immediate retries, leaving backoff to citebot", () => {
    expect(restOptions(undefined).retries).toBe(0);
  });

  it("hands back only rate limits longer than citebot lets discord.js wait", async () => {
    const reject = restOptions(undefined).rejectOnRateLimit as (limit: { retryAfter: number }) => boolean;
    expect([reject({ retryAfter: 500 }), reject({ retryAfter: DISCORD_RATE_LIMIT_WAIT_MAX_MS + 1 })]).toEqual([false, true]);
  });
});
