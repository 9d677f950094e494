import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import type { SlackMessage } from "../../src/adapters/slack/blocks.js";
import { scriptedEngine } from "../fakes/engine.js";
import { FAKE_BOT_USER } from "../fakes/slack.js";
import { mentionEvent } from "../fakes/slack-requests.js";
import { type Harness, startHarness } from "../adapters/slack/harness.js";
import { echoAnswer } from "./echo-engine.js";
import { scaled } from "./heavy.js";
import { hostileText } from "./hostile-text.js";
import { slackLimitProblems, slackPings } from "./slack-output-checks.js";

const RUNS = scaled(50, 500);
const APOLOGY = /couldn't post my reply|something went wrong/;

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Mentions the bot with `text` through the real Bolt app and returns every message posted in reply. */
async function ask(current: Harness, text: string): Promise<SlackMessage[]> {
  const event = mentionEvent({ text: `<@${FAKE_BOT_USER}> ${text}` });
  const ts = String(event.ts);
  await current.sendEvent(event);
  // The 👀 reaction comes off once the reply (or its apology) has been posted.
  await current.fake.waitForCall("reactions.remove", (call) => call.args.timestamp === ts);
  return current.fake
    .callsTo("chat.postMessage")
    .filter((call) => call.args.thread_ts === ts)
    .map((call) => ({ text: String(call.args.text ?? ""), blocks: (call.args.blocks ?? []) as SlackMessage["blocks"] }));
}

describe("Slack adapter under generated input", () => {
  it(`answers each of ${RUNS} hostile mentions with one message that pings no one and that Slack accepts`, async () => {
    // The fake Slack JSON-parses any form field that starts with "[" or "{" and stops answering when that fails
    // (test/fakes/slack.ts decodeArgs), so the echoed answer must not start with the question itself.
    const current = await startHarness({ engine: scriptedEngine({ reply: (question) => ({ ...echoAnswer(question), answer: `You asked: ${question} [1]` }) }) });
    harness = current;
    await fc.assert(
      fc.asyncProperty(hostileText, async (text) => {
        const posted = await ask(current, text);
        expect(posted).toHaveLength(1);
        const [reply] = posted;
        expect(reply!.text).not.toMatch(APOLOGY);
        expect({ pings: slackPings(reply!), limits: slackLimitProblems(reply!) }).toEqual({ pings: [], limits: [] });
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
