import { describe, expect, it } from "vitest";
import { discordTextToPlain, mentionsUser } from "../../../src/adapters/discord/incoming-text.js";

describe("discordTextToPlain", () => {
  it("removes both forms of the bot's mention", () => {
    expect(discordTextToPlain("<@1234567> is Django fast?", "1234567")).toBe("is Django fast?");
    expect(discordTextToPlain("<@!1234567> is Django fast?", "1234567")).toBe("is Django fast?");
  });

  it("writes other people's and roles' mentions as @someone", () => {
    expect(discordTextToPlain("<@1234567> ask <@999999> or <@&555555>", "1234567")).toBe("ask @someone or @someone");
  });

  it("names a channel it can resolve and drops one it cannot", () => {
    const names = (id: string) => (id === "42" ? "general" : undefined);
    expect(discordTextToPlain("see <#42> and <#43>", "1", names)).toBe("see #general and");
  });
});

describe("mentionsUser", () => {
  it("finds a typed mention in either form, and only of that user", () => {
    expect(mentionsUser("hi <@!1234567>", "1234567")).toBe(true);
    expect(mentionsUser("hi <@1234567>", "1234567")).toBe(true);
    expect(mentionsUser("hi <@7654321>", "1234567")).toBe(false);
  });
});
