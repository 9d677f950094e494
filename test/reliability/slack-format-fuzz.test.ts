import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toSlackBlocks } from "../../src/adapters/slack/blocks.js";
import { slackTextToPlain } from "../../src/adapters/slack/incoming-text.js";
import { toSlackMrkdwn } from "../../src/adapters/slack/mrkdwn.js";
import { groundedAnswer } from "../fakes/engine.js";
import { scaled } from "./heavy.js";
import { hostileText } from "./hostile-text.js";
import { slackLimitProblems, slackPings } from "./slack-output-checks.js";

const RUNS = scaled(1_000, 10_000);
/** A loaded two-core machine needs ~15 s for 1,000 replies carrying 100 KB texts. */
const TIMEOUT_MS = scaled(90_000, 1_200_000);

// That no reply pings anyone or breaks a Block Kit limit is stated for both platforms in test/adapters/output.case.ts.
describe("Slack formatting of generated replies", () => {
  it("converts any Markdown to mrkdwn with no live ping, including text decoded from a Slack event", () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const pings = [toSlackMrkdwn(text), toSlackMrkdwn(slackTextToPlain(text, "UBOT0001"))].flatMap((mrkdwn) => slackPings({ text: mrkdwn, blocks: [] }));
        expect(pings).toEqual([]);
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  }, TIMEOUT_MS);

  // Found by the limits property in test/adapters/output.case.ts (fixed in fe10981): the URL was not bounded, so one long permalink made a context
  // element Slack rejects (invalid_blocks), and the user got an apology instead of the answer.
  it("keeps a source line with a 3,500-character URL within a context element", () => {
    const answer = groundedAnswer("Does Django scale?");
    const [first, second] = answer.citations;
    const longUrl = `https://docs.example.com/search?q=${"django+scaling+".repeat(240)}`;
    const message = toSlackBlocks({ kind: "answer", answerId: "a1", answer: { ...answer, citations: [{ ...first!, url: longUrl }, second!] } });
    expect(slackLimitProblems(message)).toEqual([]);
  });
});
