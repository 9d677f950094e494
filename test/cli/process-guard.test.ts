import { afterEach, describe, expect, it } from "vitest";
import { type ProcessGuard, installProcessGuard } from "../../src/cli/process-guard.js";
import { captureLogger } from "../reliability/log-capture.js";

// Runs inside the test worker: vitest's own handlers are put back afterwards.
let saved: { rejection: NodeJS.UnhandledRejectionListener[]; exception: NodeJS.UncaughtExceptionListener[] };
let guard: ProcessGuard | undefined;

function keepVitestHandlers(): void {
  saved = { rejection: process.listeners("unhandledRejection"), exception: process.listeners("uncaughtException") };
}

afterEach(() => {
  guard?.stop();
  guard = undefined;
  for (const listener of process.listeners("unhandledRejection")) process.off("unhandledRejection", listener);
  for (const listener of process.listeners("uncaughtException")) process.off("uncaughtException", listener);
  for (const listener of saved.rejection) process.on("unhandledRejection", listener);
  for (const listener of saved.exception) process.on("uncaughtException", listener);
});

describe("installProcessGuard", () => {
  it("leaves its own handlers as the only ones, removing those installed before it", () => {
    keepVitestHandlers();
    const rethrow = (reason: unknown) => {
      throw reason;
    };
    process.on("unhandledRejection", rethrow);
    guard = installProcessGuard(captureLogger().logger);
    expect(process.listeners("unhandledRejection")).not.toContain(rethrow);
    expect(process.listeners("unhandledRejection")).toHaveLength(1);
    expect(process.listeners("uncaughtException")).toHaveLength(1);
  });

  it("removes a re-throwing handler installed later, as the embedding model's backend does when it loads", async () => {
    keepVitestHandlers();
    const logs = captureLogger();
    guard = installProcessGuard(logs.logger);
    const removedAtStart = guard.removed;
    const rethrow = (error: unknown) => {
      throw error;
    };
    process.on("uncaughtException", rethrow);
    await new Promise((resolve) => process.nextTick(resolve));
    expect({ present: process.listeners("uncaughtException").includes(rethrow), removedLater: guard.removed - removedAtStart }).toEqual({ present: false, removedLater: 1 });
    expect(logs.records.some((record) => record.msg === "removed a process-wide handler another package installed")).toBe(true);
  });

  it("logs a fault with a reference id and counts it", () => {
    keepVitestHandlers();
    const logs = captureLogger();
    guard = installProcessGuard(logs.logger);
    process.emit("unhandledRejection", new Error("stray"), Promise.resolve());
    expect(guard.faults).toBe(1);
    expect(logs.records.at(-1)).toMatchObject({ msg: "unhandled rejection; citebot keeps serving", referenceId: expect.stringMatching(/^E-[0-9A-F]{8}$/) });
  });
});
