import { describe, expect, it } from "vitest";
import { toDiscordMessages } from "../../src/adapters/discord/embeds.js";
import { NO_PINGS } from "../../src/adapters/discord/send.js";
import { groundedAnswer } from "../fakes/engine.js";
import { discordMentionTokens } from "./discord-output-checks.js";

function answerWithSource(source: { title?: string; section?: string; url?: string; quote?: string }) {
  const answer = groundedAnswer("Who is on call?");
  const [first] = answer.citations;
  return toDiscordMessages({ kind: "answer", answerId: "a1", answer: { ...answer, citations: [{ ...first!, ...source }] } });
}

// That no reply pings anyone or breaks a message or embed limit is stated for both platforms in test/adapters/output.case.ts.
describe("Discord formatting of generated replies", () => {
  it("sends everything with an allowed_mentions that parses nothing and pings no replied-to user", () => {
    expect(NO_PINGS).toEqual({ parse: [], repliedUser: false });
  });

  // Found by the mention property in test/adapters/output.case.ts (fixed in fe10981): a word boundary after @here let "@here_now" through, and
  // escapeMarkdown then wrote "@here\_now", which Discord reads as @here followed by an escaped underscore.
  it("breaks @here even when an underscore follows it", () => {
    expect(answerWithSource({ quote: "Page @here_now if the site is down." }).flatMap(discordMentionTokens)).toEqual([]);
  });

  // Found by the mention property in test/adapters/output.case.ts (fixed in fe10981): a relative permalink was shown as `code` without being
  // neutralised, and a section title ending in four backticks (escapeMarkdown leaves the fourth unescaped) closed
  // that code span early, so the role mention rendered as a pill in the Sources field.
  it("breaks a role mention inside a relative permalink", () => {
    expect(answerWithSource({ section: "Code fences ````", url: "/team/<@&987654321098765432>/runbook" }).flatMap(discordMentionTokens)).toEqual([]);
  });
});
