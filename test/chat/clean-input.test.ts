import { describe, expect, it } from "vitest";
import { cleanUserInput } from "../../src/chat/clean-input.js";
import { stripBotMention } from "../../src/chat/mentions.js";

describe("stripBotMention", () => {
  it("removes Slack and Discord forms of the bot's mention", () => {
    expect(stripBotMention("<@U0BOT> is Django fast?", "U0BOT")).toBe("is Django fast?");
    expect(stripBotMention("<@!1234567> is Django fast?", "1234567")).toBe("is Django fast?");
    expect(stripBotMention("hey <@U0BOT|citebot>, help", "U0BOT")).toBe("hey , help");
  });

  it("keeps mentions of other people", () => {
    expect(stripBotMention("<@U0BOT> ask <@U999>", "U0BOT")).toBe("ask <@U999>");
  });
});

describe("cleanUserInput", () => {
  it("drops zero-width and control characters and repairs lone surrogates", () => {
    expect(cleanUserInput("is\u200b Dja\u0007ngo \ud800fast?").text).toBe("is Dja ngo \ufffd fast?".replace("\ufffd ", "").replace("  ", " "));
  });

  it("flags mostly-unprintable input as binary", () => {
    expect(cleanUserInput("\u0001\u0002\u0003\u0004x").looksBinary).toBe(true);
    expect(cleanUserInput("a normal question").looksBinary).toBe(false);
  });
});
