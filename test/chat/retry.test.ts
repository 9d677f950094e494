import { describe, expect, it } from "vitest";
import { deliveryBudget, networkFailure, retryTransient } from "../../src/chat/retry.js";

const transient = () => ({ retry: true as const, reason: "HTTP 500" });

describe("retryTransient", () => {
  it("retries a transient failure until it succeeds, with waits that double up to the cap", async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await retryTransient(
      async () => {
        calls += 1;
        if (calls < 5) throw new Error("down");
        return "ok";
      },
      transient,
      { deadline: Date.now() + 10_000, firstDelayMs: 1, maxDelayMs: 4, random: () => 1, onRetry: ({ delayMs }) => waits.push(delayMs) },
    );
    expect({ result, calls, waits }).toEqual({ result: "ok", calls: 5, waits: [1, 2, 4, 4] });
  });

  it("jitters each wait between half and all of its step", async () => {
    const waits: number[] = [];
    await retryTransient(
      async () => {
        if (waits.length < 1) throw new Error("down");
      },
      transient,
      { deadline: Date.now() + 10_000, firstDelayMs: 100, maxDelayMs: 100, random: () => 0, onRetry: ({ delayMs }) => waits.push(delayMs) },
    );
    expect(waits).toEqual([50]);
  });

  it("waits at least the Retry-After the platform sent", async () => {
    const waits: number[] = [];
    await retryTransient(
      async () => {
        if (waits.length < 1) throw new Error("429");
      },
      () => ({ retry: true, reason: "rate limited", afterMs: 30 }),
      { deadline: Date.now() + 10_000, firstDelayMs: 1, maxDelayMs: 1, onRetry: ({ delayMs }) => waits.push(delayMs) },
    );
    expect(waits).toEqual([30]);
  });

  it("rethrows a failure that is not transient at once", async () => {
    let calls = 0;
    const failing = retryTransient(
      async () => {
        calls += 1;
        throw new Error("invalid_blocks");
      },
      () => ({ retry: false }),
      { deadline: Date.now() + 10_000, firstDelayMs: 1, maxDelayMs: 1 },
    );
    await expect(failing).rejects.toThrow("invalid_blocks");
    expect(calls).toBe(1);
  });

  it("gives up with the last error when the next attempt would start past the deadline", async () => {
    let now = 0;
    let calls = 0;
    const failing = retryTransient(
      async () => {
        calls += 1;
        now += 1_000;
        throw new Error(`down ${calls}`);
      },
      transient,
      { deadline: 2_500, firstDelayMs: 1, maxDelayMs: 1, now: () => now },
    );
    await expect(failing).rejects.toThrow("down 3");
  });

  it("stops waiting when aborted", async () => {
    const controller = new AbortController();
    const failing = retryTransient(
      async () => {
        throw new Error("down");
      },
      transient,
      { deadline: Number.POSITIVE_INFINITY, firstDelayMs: 60_000, maxDelayMs: 60_000, signal: controller.signal, onRetry: () => controller.abort() },
    );
    await expect(failing).rejects.toThrow("down");
  });
});

describe("deliveryBudget", () => {
  it("keeps a third of the time, at most 10 s, for the apology", () => {
    expect(deliveryBudget(30_000, 0)).toEqual({ answerDeadline: 20_000, apologyDeadline: 30_000 });
    expect(deliveryBudget(90_000, 0)).toEqual({ answerDeadline: 80_000, apologyDeadline: 90_000 });
  });
});

describe("networkFailure", () => {
  it("finds the code of a network failure through the causes, and nothing in other errors", () => {
    const refused = new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
    expect([networkFailure(refused), networkFailure(Object.assign(new Error("t"), { name: "AbortError" })), networkFailure(new Error("invalid_blocks"))]).toEqual([
      "ECONNREFUSED",
      "AbortError",
      undefined,
    ]);
  });
});
