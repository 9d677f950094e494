import { describe, expect, it } from "vitest";
import type { StoreHarness } from "../harness.js";

export function eventAndLimitCases(h: StoreHarness): void {
  describe("handled events", () => {
    it("lets exactly one replica claim an event id", async () => {
      const location = await h.place();
      const replicaA = await h.open(location);
      const replicaB = await h.open(location);
      expect(await replicaA.events.claim("slack:event:Ev1")).toBe(true);
      expect(await replicaA.events.claim("slack:event:Ev1")).toBe(false);
      expect(await replicaB.events.claim("slack:event:Ev1")).toBe(false);
      expect(await replicaB.events.claim("slack:event:Ev2")).toBe(true);
    });

    it("lets an expired claim be claimed again", async () => {
      const store = await h.open();
      expect(await store.events.claim("discord:interaction:1", 60_000)).toBe(true);
      h.clock.advance(59_999);
      expect(await store.events.claim("discord:interaction:1", 60_000)).toBe(false);
      h.clock.advance(1);
      expect(await store.events.claim("discord:interaction:1", 60_000)).toBe(true);
    });
  });

  describe("rate limits", () => {
    it("allows perMinute questions per key, then refuses with the time to wait", async () => {
      const store = await h.open();
      const limit = store.rateLimits.perMinute("questions", 3);
      for (const left of [2, 1, 0]) expect(await limit.take("slack:U1")).toEqual({ allowed: true, remaining: left, retryAfterMs: 0 });
      const refused = await limit.take("slack:U1");
      expect(refused.allowed).toBe(false);
      expect(refused.retryAfterMs).toBeGreaterThan(50_000);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
    });

    it("holds one limit across replicas", async () => {
      const location = await h.place();
      const replicaA = await h.open(location);
      const replicaB = await h.open(location);
      expect((await replicaA.rateLimits.perMinute("questions", 2).take("slack:U1")).allowed).toBe(true);
      expect((await replicaB.rateLimits.perMinute("questions", 2).take("slack:U1")).allowed).toBe(true);
      expect((await replicaA.rateLimits.perMinute("questions", 2).take("slack:U1")).allowed).toBe(false);
    });

    it("keeps users and named limits apart", async () => {
      const store = await h.open();
      expect((await store.rateLimits.perMinute("questions", 1).take("slack:U1")).allowed).toBe(true);
      expect((await store.rateLimits.perMinute("questions", 1).take("slack:U2")).allowed).toBe(true);
      expect((await store.rateLimits.perMinute("votes", 1).take("slack:U1")).allowed).toBe(true);
      expect((await store.rateLimits.perMinute("questions", 1).take("slack:U1")).allowed).toBe(false);
    });
  });
}
