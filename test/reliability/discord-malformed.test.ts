import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, repliesTo, startBot } from "../adapters/discord/harness.js";
import { ids, memberOf, messageObject, users } from "../fakes/discord-payloads.js";
import { scaled } from "./heavy.js";
import { type CapturedLogger, type LogRecord, captureLogger } from "./log-capture.js";
import { type ProcessFailures, watchProcessFailures } from "./process-failures.js";

const MUTATION_RUNS = scaled(100, 1_000);
const DROPPED = "dropped a Discord dispatch in an unexpected shape";

let bot: Harness;
let logs: CapturedLogger;
let failures: ProcessFailures;
beforeAll(async () => {
  failures = watchProcessFailures();
  logs = captureLogger();
  bot = await startBot({ logger: logs.logger, env: { RATE_LIMIT_PER_MINUTE: "10000" } });
});
afterAll(async () => {
  await bot.stop();
  failures.stop();
});

/** A MESSAGE_CREATE as Discord sends it for "@citebot Does Django scale?" in a server channel. */
const question = (): Record<string, unknown> => ({
  ...messageObject(ids.text, users.human, `<@${ids.bot}> Does Django scale?`),
  guild_id: ids.guild,
  member: memberOf(users.human),
});

const rejected = (field: string) => (record: LogRecord) => record.msg === DROPPED && String(record.reason).startsWith(`${field}:`);

/** A well-formed question, answered: proof the bot is still serving after whatever came before it. */
async function stillAnswers(): Promise<void> {
  const id = bot.fake.userMessage({ channel: ids.text, content: `<@${ids.bot}> still there?` });
  await bot.fake.waitForCall(repliesTo(id));
}

describe("malformed Discord gateway dispatches through the real discord.js client", () => {
  it.each([
    ["without an id", { id: undefined }, "id"],
    ["whose id is an object", { id: { not: "a snowflake" } }, "id"],
    ["whose content is a number", { content: 42 }, "content"],
    ["whose content is null", { content: null }, "content"],
    ["without an author", { author: undefined }, "author"],
    ["whose author is a string", { author: "not a user" }, "author"],
    ["whose mentions are not a list", { mentions: "not a list" }, "mentions"],
    ["whose embeds are null", { embeds: null }, "embeds"],
  ])("drops a MESSAGE_CREATE %s before discord.js reads it, logging the field zod rejected", async (_name, overrides, field) => {
    const explained = logs.next(rejected(field));
    bot.fake.dispatch("MESSAGE_CREATE", { ...question(), ...overrides });
    await explained;
    await stillAnswers();
  });

  it("keeps answering after dispatches discord.js itself cannot read, without an uncaught exception", async () => {
    bot.fake.dispatch("MESSAGE_CREATE", { ...question(), author: "not a user" });
    bot.fake.dispatch("MESSAGE_CREATE", { ...question(), mentions: "not a list" });
    bot.fake.dispatch("MESSAGE_CREATE", { ...question(), embeds: null });
    bot.fake.dispatch("MESSAGE_CREATE", {});
    bot.fake.dispatch("INTERACTION_CREATE", { id: "1", type: 2, token: "t", application_id: ids.app, channel_id: ids.text, version: 1 });
    bot.fake.dispatch("INTERACTION_CREATE", {});
    await stillAnswers();
    // These used to throw inside discord.js's gateway handling; the dispatch guard drops them first.
    expect(failures).toMatchObject({ uncaughtExceptions: [], unhandledRejections: [] });
  });

  it(`survives ${MUTATION_RUNS} randomly broken MESSAGE_CREATE dispatches and still answers`, async () => {
    const field = fc.constantFrom("id", "channel_id", "author", "content", "mentions", "mention_roles", "attachments", "embeds", "type", "flags", "timestamp", "message_reference", "member", "guild_id");
    const junk = fc.oneof(fc.constant(undefined), fc.constant(null), fc.jsonValue({ maxDepth: 2 }), fc.string({ unit: "binary", maxLength: 40 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(field, junk), { minLength: 1, maxLength: 4 }), (mutations) => {
        const broken = question();
        for (const [name, value] of mutations) broken[name] = value;
        bot.fake.dispatch("MESSAGE_CREATE", broken);
      }),
      { numRuns: MUTATION_RUNS },
    );
    await stillAnswers();
    expect(failures).toMatchObject({ uncaughtExceptions: [], unhandledRejections: [] });
  });
});
