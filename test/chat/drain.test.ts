import { describe, expect, it } from "vitest";
import { createDrain } from "../../src/chat/drain.js";

const later = <T>(value: T, ms: number) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe("createDrain", () => {
  it("is not draining until a stop begins", () => {
    const drain = createDrain();
    expect(drain.draining).toBe(false);
    drain.begin();
    expect(drain.draining).toBe(true);
  });

  it("waits for work that finishes within the grace period and tells nobody", async () => {
    const drain = createDrain();
    const told: string[] = [];
    void drain.track(later("a", 10), async () => told.push("a"));
    expect(await drain.settle(1_000)).toEqual({ finished: 1, abandoned: 0 });
    expect(told).toEqual([]);
  });

  it("tells the askers of work still running at the end of the grace period, and counts it", async () => {
    const drain = createDrain();
    const told: string[] = [];
    void drain.track(new Promise(() => {}), async () => told.push("stuck"));
    void drain.track(later("quick", 5), async () => told.push("quick"));
    void drain.track(new Promise(() => {}));
    expect(await drain.settle(50)).toEqual({ finished: 1, abandoned: 2 });
    expect(told).toEqual(["stuck"]);
  });

  it("does not wait longer than the notice limit for the notices themselves", async () => {
    const drain = createDrain();
    void drain.track(new Promise(() => {}), () => new Promise(() => {}));
    const started = Date.now();
    await drain.settle(10, 50);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("counts work that failed as finished: it is no longer in flight", async () => {
    const drain = createDrain();
    void drain.track(Promise.reject(new Error("boom"))).catch(() => undefined);
    expect(await drain.settle(100)).toEqual({ finished: 1, abandoned: 0 });
  });
});
