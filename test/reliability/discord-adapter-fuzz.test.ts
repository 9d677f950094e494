import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ids, invalidFormBody } from "../fakes/discord-payloads.js";
import { useBot, repliesTo } from "../adapters/discord/harness.js";
import { wouldPing } from "../fakes/discord.js";
import { discordLimitProblems, discordMentionTokens } from "./discord-output-checks.js";
import { echoAnswer } from "./echo-engine.js";
import { scaled } from "./heavy.js";
import { hostileText } from "./hostile-text.js";

const RUNS = scaled(50, 500);
const APOLOGY = /couldn't post|went wrong/i;

describe("Discord adapter under generated input", () => {
  it(`answers each of ${RUNS} hostile mentions with messages that ping no one but the asker and that Discord accepts`, async () => {
    const { fake } = await useBot({ engine: { reply: echoAnswer }, env: { RATE_LIMIT_PER_MINUTE: "10000" } });
    await fc.assert(
      fc.asyncProperty(hostileText, async (text) => {
        const before = fake.sentMessages().length;
        const question = fake.userMessage({ channel: ids.text, content: `<@${ids.bot}> ${text}` });
        const first = await fake.waitForCall(repliesTo(question));
        // Everything sent from the first reply on belongs to this question: the bot answers one at a time here.
        const sent = fake.sentMessages().slice(before);
        expect(sent[0]).toBe(first);
        for (const call of sent) {
          expect(call.body.allowed_mentions?.parse).toEqual([]);
          expect(wouldPing(call.body, ids.human).filter((ping) => ping !== `reply:${ids.human}`)).toEqual([]);
          expect({ mentions: discordMentionTokens(call.body), limits: discordLimitProblems(call.body), discord: invalidFormBody(call.body) }).toEqual({
            mentions: [],
            limits: [],
            discord: undefined,
          });
          expect(call.body.content ?? "").not.toMatch(APOLOGY);
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
