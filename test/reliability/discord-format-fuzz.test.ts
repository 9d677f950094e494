import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toDiscordMessages } from "../../src/adapters/discord/embeds.js";
import { NO_PINGS } from "../../src/adapters/discord/send.js";
import { invalidFormBody } from "../fakes/discord-payloads.js";
import { discordLimitProblems, discordMentionTokens } from "./discord-output-checks.js";
import { scaled } from "./heavy.js";
import { hostileReply } from "./hostile-replies.js";

const RUNS = scaled(1_000, 20_000);
const formatOptions = fc.record({ showQuestion: fc.boolean() }, { requiredKeys: [] });

describe("Discord formatting of generated replies", () => {
  it("sends everything with an allowed_mentions that parses nothing and pings no replied-to user", () => {
    expect(NO_PINGS).toEqual({ parse: [], repliedUser: false });
  });

  it(`leaves no @everyone, @here, user or role mention in ${RUNS} hostile replies`, () => {
    fc.assert(
      fc.property(hostileReply, formatOptions, (reply, options) => {
        expect(toDiscordMessages(reply, options).flatMap(discordMentionTokens)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it(`keeps each of ${RUNS} hostile replies within Discord's message and embed limits`, () => {
    fc.assert(
      fc.property(hostileReply, formatOptions, (reply, options) => {
        const messages = toDiscordMessages(reply, options);
        expect(messages.length).toBeGreaterThan(0);
        expect(messages.flatMap(discordLimitProblems)).toEqual([]);
        expect(messages.map((message) => invalidFormBody({ content: message.content, embeds: message.embeds, components: message.components }))).toEqual(messages.map(() => undefined));
      }),
      { numRuns: RUNS },
    );
  });
});
