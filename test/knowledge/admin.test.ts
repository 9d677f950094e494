import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { adminOptions as adminOptionsFrom } from "../../src/app.js";
import { asksForGaps, digestClaimKey, isAdminUser, nextDigestAt } from "../../src/knowledge/admin.js";

describe("admin settings", () => {
  it("read ADMIN_CHANNEL per platform, and digest only when a channel is set", () => {
    expect(adminOptionsFrom(loadConfig({})).digest.weekly).toBe(false);
    const options = adminOptionsFrom(loadConfig({ ADMIN_CHANNEL: "slack:C0ADMIN, discord:123456789012345678", GAP_DIGEST_AT: "Fri 16:30" }));
    expect(options.channels).toEqual({ slack: "C0ADMIN", discord: "123456789012345678" });
    expect(options.digest).toEqual({ weekly: true, weekday: 5, hour: 16, minute: 30 });
    expect(adminOptionsFrom(loadConfig({ ADMIN_CHANNEL: "C0ADMIN" })).channels).toEqual({ slack: "C0ADMIN" });
  });

  it("name a malformed ADMIN_CHANNEL or GAP_DIGEST_AT", () => {
    expect(() => loadConfig({ ADMIN_CHANNEL: "#general" })).toThrow(/ADMIN_CHANNEL.*: must be slack:C… and\/or discord:123…/);
    expect(() => loadConfig({ GAP_DIGEST_AT: "monday 9am" })).toThrow(/GAP_DIGEST_AT: must be a weekday and a UTC time/);
  });

  it("recognise admins by bare or platform-prefixed id", () => {
    const users = ["U0ADMIN", "discord:123456789012345678"];
    expect(isAdminUser(users, "slack", "U0ADMIN")).toBe(true);
    expect(isAdminUser(users, "discord", "123456789012345678")).toBe(true);
    expect(isAdminUser(users, "slack", "123456789012345678")).toBe(false);
    expect(isAdminUser(users, "slack", "U0OTHER")).toBe(false);
  });

  it("tell `gaps` from a question", () => {
    expect([asksForGaps("gaps"), asksForGaps(" GAPS "), asksForGaps("what gaps are there in our docs?")]).toEqual([true, true, false]);
  });
});

describe("weekly digest schedule", () => {
  const monday9 = { weekly: true, weekday: 1, hour: 9, minute: 0 };

  it("is the next slot after now, in UTC", () => {
    expect(nextDigestAt(new Date("2025-03-05T12:00:00Z"), monday9).toISOString()).toBe("2025-03-10T09:00:00.000Z");
    expect(nextDigestAt(new Date("2025-03-10T08:59:00Z"), monday9).toISOString()).toBe("2025-03-10T09:00:00.000Z");
    expect(nextDigestAt(new Date("2025-03-10T09:00:00Z"), monday9).toISOString()).toBe("2025-03-17T09:00:00.000Z");
  });

  it("gives every replica the same claim key for one slot", () => {
    const due = nextDigestAt(new Date("2025-03-05T12:00:00Z"), monday9);
    expect(digestClaimKey(due)).toBe("gap-digest:2025-03-10T09:00");
  });
});
