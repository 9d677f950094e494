import { describe, expect, it } from "vitest";
import { slackTextToPlain } from "../../../src/adapters/slack/incoming-text.js";

describe("slackTextToPlain", () => {
  it("decodes entities and turns links into their labels", () => {
    expect(slackTextToPlain("is a &lt; b &amp;&amp; see <https://a.io/x|the guide> or <https://b.io>", "UBOT")).toBe("is a < b && see the guide or https://b.io");
  });

  it("names channels and broadcasts", () => {
    expect(slackTextToPlain("in <#C123|general> <!here> <!subteam^S1|@oncall>", "UBOT")).toBe("in #general @here @oncall");
  });

  it("removes the bot's own mention, with or without a label", () => {
    expect(slackTextToPlain("<@U0BOT> is Django fast?", "U0BOT")).toBe("is Django fast?");
    expect(slackTextToPlain("hey <@U0BOT|citebot>, help", "U0BOT")).toBe("hey , help");
  });

  it("writes anyone else's mention as @someone", () => {
    expect(slackTextToPlain("<@U0BOT> ask <@U999>", "U0BOT")).toBe("ask @someone");
  });

  it("removes every user mention while the bot does not know its own id yet", () => {
    expect(slackTextToPlain("<@U0BOT> ask <@U999>", undefined)).toBe("ask");
  });
});
