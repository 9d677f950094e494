import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toSlackBlocks } from "../../src/adapters/slack/blocks.js";
import { fromSlackText, toSlackMrkdwn } from "../../src/adapters/slack/mrkdwn.js";
import { scaled } from "./heavy.js";
import { hostileReply } from "./hostile-replies.js";
import { hostileText } from "./hostile-text.js";
import { slackLimitProblems, slackPings } from "./slack-output-checks.js";

const RUNS = scaled(1_000, 20_000);

const blockOptions = fc.record(
  { postToChannel: fc.boolean(), showQuestion: fc.boolean(), feedbackGiven: fc.constantFrom("up" as const, "down" as const) },
  { requiredKeys: [] },
);

describe("Slack formatting of generated replies", () => {
  it(`lets nothing in ${RUNS} hostile replies ping anyone`, () => {
    fc.assert(
      fc.property(hostileReply, blockOptions, (reply, options) => {
        expect(slackPings(toSlackBlocks(reply, options))).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it(`keeps each of ${RUNS} hostile replies within Block Kit's limits`, () => {
    fc.assert(
      fc.property(hostileReply, blockOptions, (reply, options) => {
        expect(slackLimitProblems(toSlackBlocks(reply, options))).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it("converts any Markdown to mrkdwn with no live ping, including text decoded from a Slack event", () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const pings = [toSlackMrkdwn(text), toSlackMrkdwn(fromSlackText(text))].flatMap((mrkdwn) => slackPings({ text: mrkdwn, blocks: [] }));
        expect(pings).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });
});
