import { describe, expect, it } from "vitest";
import { createCpuTurns } from "../../src/engine/cpu-turns.js";

describe("createCpuTurns", () => {
  it("runs jobs one at a time, in the order they arrived", async () => {
    const inTurn = createCpuTurns();
    const log: string[] = [];
    const job = (name: string) => async () => {
      log.push(`start ${name}`);
      await Promise.resolve();
      log.push(`end ${name}`);
      return name;
    };
    await expect(Promise.all([inTurn(job("a")), inTurn(job("b")), inTurn(job("c"))])).resolves.toEqual(["a", "b", "c"]);
    expect(log).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
  });

  it("lets waiting I/O run between two jobs", async () => {
    const inTurn = createCpuTurns();
    const log: string[] = [];
    const first = inTurn(async () => {
      log.push("job 1");
      setImmediate(() => log.push("i/o"));
    });
    const second = inTurn(async () => {
      log.push("job 2");
    });
    await Promise.all([first, second]);
    expect(log).toEqual(["job 1", "i/o", "job 2"]);
  });

  it("keeps going after a job fails", async () => {
    const inTurn = createCpuTurns();
    const failed = inTurn(() => Promise.reject(new Error("boom")));
    const next = inTurn(async () => "still running");
    await expect(failed).rejects.toThrow("boom");
    await expect(next).resolves.toBe("still running");
  });
});
