import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createLiveMessage, type LiveMessageTarget } from "../../src/chat/live-message.js";
import { silentLogger } from "../../src/logger.js";

const INTERVAL_MS = 1_000;

/** A target that records every write; `hold` makes writes wait until released, like a slow platform. */
function recordingTarget(options: { failPost?: boolean } = {}) {
  const writes: string[] = [];
  let held: Array<() => void> | undefined;
  const settle = () => (held ? new Promise<void>((resolve) => held?.push(resolve)) : Promise.resolve());
  const target: LiveMessageTarget<string> = {
    async post(text) {
      writes.push(`post ${text}`);
      await settle();
      if (options.failPost) throw new Error("channel_not_found");
      return "msg-1";
    },
    async edit(handle, text) {
      writes.push(`edit ${handle} ${text}`);
      await settle();
    },
  };
  return {
    target,
    writes,
    hold: () => void (held = []),
    release: () => {
      const waiting = held ?? [];
      held = undefined;
      waiting.forEach((resolve) => resolve());
    },
  };
}

function live(target: LiveMessageTarget<string>) {
  return createLiveMessage(target, { minIntervalMs: INTERVAL_MS, logger: silentLogger(), now: () => Date.now() });
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("live message", () => {
  it("posts the first text at once", async () => {
    const { target, writes } = recordingTarget();
    live(target).show("Django scales");
    await vi.advanceTimersByTimeAsync(0);
    expect(writes).toEqual(["post Django scales"]);
  });

  it("folds text that arrives within the interval into one edit with the latest text", async () => {
    const { target, writes } = recordingTarget();
    const message = live(target);
    for (let n = 1; n <= 20; n += 1) message.show(`text ${n}`);
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(writes).toEqual(["post text 1", "edit msg-1 text 20"]);
  });

  it("writes at most once per interval however fast text arrives", async () => {
    const { target, writes } = recordingTarget();
    const message = live(target);
    // 100 pieces of text over five intervals.
    for (let n = 1; n <= 100; n += 1) {
      message.show(`text ${n}`);
      await vi.advanceTimersByTimeAsync(INTERVAL_MS / 20);
    }
    await message.close();
    expect(writes.length).toBeLessThanOrEqual(6);
    expect(writes.length).toBeGreaterThanOrEqual(5);
  });

  it("never starts a write while another is under way", async () => {
    const { target, writes, hold, release } = recordingTarget();
    const message = live(target);
    hold();
    message.show("first");
    message.show("second");
    await vi.advanceTimersByTimeAsync(INTERVAL_MS * 5);
    expect(writes).toEqual(["post first"]);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(writes).toEqual(["post first", "edit msg-1 second"]);
  });

  it("on close, drops text not yet written and resolves with the posted message", async () => {
    const { target, writes } = recordingTarget();
    const message = live(target);
    message.show("first");
    message.show("never shown");
    await expect(message.close()).resolves.toBe("msg-1");
    message.show("after close");
    await vi.advanceTimersByTimeAsync(INTERVAL_MS * 5);
    expect(writes).toEqual(["post first"]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("waits on close for the write under way", async () => {
    const { target, hold, release } = recordingTarget();
    const message = live(target);
    hold();
    message.show("first");
    let handle: string | undefined | null = null;
    const closing = message.close().then((value) => (handle = value));
    await vi.advanceTimersByTimeAsync(0);
    expect(handle).toBeNull();
    release();
    await closing;
    expect(handle).toBe("msg-1");
  });

  it("resolves with nothing when no text was shown", async () => {
    const { target, writes } = recordingTarget();
    await expect(live(target).close()).resolves.toBeUndefined();
    expect(writes).toEqual([]);
  });

  it("stops after a failed post, leaving the final reply to be sent as usual", async () => {
    const { target, writes } = recordingTarget({ failPost: true });
    const message = live(target);
    message.show("first");
    await vi.advanceTimersByTimeAsync(0);
    message.show("second");
    await vi.advanceTimersByTimeAsync(INTERVAL_MS * 5);
    await expect(message.close()).resolves.toBeUndefined();
    expect(writes).toEqual(["post first"]);
  });
});
