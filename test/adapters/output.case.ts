import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { echoAnswer } from "../reliability/echo-engine.js";
import { scaled } from "../reliability/heavy.js";
import { hostileReply } from "../reliability/hostile-replies.js";
import { hostileText } from "../reliability/hostile-text.js";
import type { ChatPlatform, PlatformHarness } from "./chat-platform.js";

const FORMAT_RUNS = scaled(1_000, 10_000);
/** A loaded two-core machine needs ~15 s for 1,000 replies carrying 100 KB texts. */
const FORMAT_TIMEOUT_MS = scaled(90_000, 1_200_000);
const ADAPTER_RUNS = scaled(50, 500);
const APOLOGY = /couldn't post|went wrong/i;

/**
 * What each platform would do with what the adapter sends, checked against the platform's own rules (test/
 * reliability/*-output-checks.ts, written from each platform's documentation): nothing pings, nothing breaks a limit.
 */
export function describeOutputChecks(platform: ChatPlatform): void {
  describe(`${platform.name} formatting of generated replies`, () => {
    it(`lets nothing in ${FORMAT_RUNS} hostile replies ping anyone`, () => {
      fc.assert(
        fc.property(hostileReply, platform.formatOptions, (reply, options) => {
          expect(platform.format(reply, options).flatMap((message) => message.pings)).toEqual([]);
        }),
        { numRuns: FORMAT_RUNS, endOnFailure: true },
      );
    }, FORMAT_TIMEOUT_MS);

    it(`keeps each of ${FORMAT_RUNS} hostile replies within the platform's limits, in at least one message`, () => {
      fc.assert(
        fc.property(hostileReply, platform.formatOptions, (reply, options) => {
          const messages = platform.format(reply, options);
          expect(messages.length).toBeGreaterThan(0);
          expect(messages.flatMap((message) => message.limitProblems)).toEqual([]);
        }),
        { numRuns: FORMAT_RUNS, endOnFailure: true },
      );
    }, FORMAT_TIMEOUT_MS);
  });

  describe(`${platform.name} adapter under generated input`, () => {
    let harness: PlatformHarness | undefined;
    afterEach(async () => {
      await harness?.stop();
      harness = undefined;
    });

    it(`answers each of ${ADAPTER_RUNS} hostile mentions with messages that ping no one and that the platform accepts`, async () => {
      // The question reaches every field of the answer (its text, a quote, a section), as a corpus quoting a user would.
      // The text starts with words: the fake Slack JSON-parses a form field that starts with "[" or "{".
      const h = (harness = await platform.start({ engine: { reply: (question) => ({ ...echoAnswer(question), answer: `You asked: ${question} [1]` }) } }));
      await fc.assert(
        fc.asyncProperty(hostileText, async (text) => {
          const asked = await h.mention(text);
          await h.settled(asked);
          const sent = h.writes(asked).filter((write) => write.kind === "post");
          expect(sent.length).toBeGreaterThan(0);
          if (platform.answersInOneMessage) expect(sent).toHaveLength(1);
          for (const message of sent) {
            expect({ pings: message.pings, limits: message.limitProblems, accepted: message.accepted }).toEqual({ pings: [], limits: [], accepted: true });
            expect(message.visible).not.toMatch(APOLOGY);
          }
        }),
        { numRuns: ADAPTER_RUNS },
      );
    }, 120_000);
  });
}
