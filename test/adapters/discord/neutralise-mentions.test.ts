import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { neutraliseMentions } from "../../../src/adapters/discord/neutralise-mentions.js";
import { wouldPing } from "../../fakes/discord-payloads.js";

describe("neutraliseMentions", () => {
  it("keeps @everyone and @here readable but no longer a mention", () => {
    const text = neutraliseMentions("hey @everyone and @here");
    expect(text).not.toMatch(/@everyone|@here/);
    expect(text.replace(/\u200D/g, "")).toBe("hey @everyone and @here");
  });

  it("breaks user and role mentions", () => {
    expect(neutraliseMentions("<@123> <@!456> <@&789>")).not.toMatch(/<@[!&]?\d+>/);
  });

  it("leaves channel links, which never ping, alone", () => {
    expect(neutraliseMentions("see <#123>")).toBe("see <#123>");
  });

  it("is idempotent", () => {
    const once = neutraliseMentions("@everyone <@&1>");
    expect(neutraliseMentions(once)).toBe(once);
  });

  it("leaves nothing that would ping even if sent without allowed_mentions", () => {
    const pieces = fc.constantFrom("@everyone", "@here", "@Everyone", "<@123>", "<@!123>", "<@&123>", "@", "<", ">", "!", "&", "1", " ", "x", "\u200D");
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => {
        expect(wouldPing({ content: neutraliseMentions(parts.join("")) })).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
