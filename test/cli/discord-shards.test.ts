import { afterEach, describe, expect, it } from "vitest";
import { planShards } from "../../src/cli/discord-shards.js";
import { loadConfig } from "../../src/config.js";
import { ErrorCode } from "../../src/errors.js";
import { FAKE_TOKEN, FakeDiscord, ids } from "../fakes/discord.js";

describe("planShards", () => {
  let fake: FakeDiscord | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  const settings = (api: string, extra: Record<string, string>) => loadConfig({ DISCORD_TOKEN: FAKE_TOKEN, DISCORD_APP_ID: ids.app, DISCORD_API_URL: api, ...extra });

  it("runs every shard of a fixed count, or the ones DISCORD_SHARD_IDS names, without asking Discord", async () => {
    fake = await FakeDiscord.start();
    expect(await planShards(settings(fake.apiUrl, { DISCORD_SHARDS: "3" }))).toEqual({ total: 3, ids: [0, 1, 2] });
    expect(await planShards(settings(fake.apiUrl, { DISCORD_SHARDS: "4", DISCORD_SHARD_IDS: "3,1" }))).toEqual({ total: 4, ids: [1, 3] });
    expect(fake.calls).toEqual([]);
  });

  it("asks DISCORD_API_URL's /gateway/bot for the count with auto", async () => {
    fake = await FakeDiscord.start({ recommendedShards: 3 });
    expect(await planShards(settings(fake.apiUrl, { DISCORD_SHARDS: "auto" }))).toEqual({ total: 3, ids: [0, 1, 2] });
    expect(fake.calls.map((call) => `${call.method} ${call.path}`)).toEqual(["GET /gateway/bot"]);
  });

  it("names DISCORD_SHARD_IDS when an id is beyond the count Discord recommends", async () => {
    fake = await FakeDiscord.start({ recommendedShards: 2 });
    await expect(planShards(settings(fake.apiUrl, { DISCORD_SHARDS: "auto", DISCORD_SHARD_IDS: "1,2" }))).rejects.toMatchObject({
      code: ErrorCode.ConfigInvalid,
      message: expect.stringMatching(/^DISCORD_SHARD_IDS: 2 beyond the 2 shards Discord recommends/),
    });
  });

  it("says the token was refused when Discord answers 401", async () => {
    fake = await FakeDiscord.start({ recommendedShards: 2 });
    fake.failNext((call) => call.path === "/gateway/bot", 401, 0, "401: Unauthorized");
    await expect(planShards(settings(fake.apiUrl, { DISCORD_SHARDS: "auto" }))).rejects.toMatchObject({ code: ErrorCode.CredentialsRejected, message: expect.stringMatching(/DISCORD_TOKEN/) });
  });
});
