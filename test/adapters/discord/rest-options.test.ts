import { describe, expect, it } from "vitest";
import { restOptions } from "../../../src/adapters/discord/rest-options.js";

describe("restOptions", () => {
  it("uses discord.js's default API when DISCORD_API_URL is unset", () => {
    expect(restOptions(undefined)).toEqual({});
  });

  it("drops a trailing slash or API version, which discord.js adds itself", () => {
    for (const url of ["http://127.0.0.1:8080/api", "http://127.0.0.1:8080/api/", "http://127.0.0.1:8080/api/v10", "http://127.0.0.1:8080/api/v10/"]) {
      expect(restOptions(url)).toEqual({ api: "http://127.0.0.1:8080/api" });
    }
  });
});
