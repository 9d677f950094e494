import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runChat } from "../../src/cli/chat.js";
import { silentLogger } from "../../src/logger.js";
import { scriptedEngine } from "../fakes/engine.js";

/** A terminal stand-in: readline treats input with isTTY as a person typing. */
function terminal(interactive: boolean) {
  const input = Object.assign(new PassThrough(), { isTTY: interactive });
  const output = new PassThrough();
  let shown = "";
  output.on("data", (chunk: Buffer) => (shown += chunk.toString()));
  return { input, output, shown: () => shown };
}

async function chat(lines: string[], interactive: boolean) {
  const io = terminal(interactive);
  const engine = scriptedEngine();
  const done = runChat(engine, {}, silentLogger(), io.input, io.output);
  for (const line of lines) io.input.write(`${line}\n`);
  io.input.end();
  await done;
  return { shown: io.shown(), engine };
}

describe("the terminal chat", () => {
  it("shows its you › prompt before the first question and after each answer", async () => {
    const { shown } = await chat(["Is Django fast?", "exit"], true);
    const prompts = shown.split("you › ").length - 1;
    expect(prompts).toBeGreaterThanOrEqual(2);
    expect(shown.indexOf("you › ")).toBeLessThan(shown.indexOf("citebot › "));
  });

  it("answers with the sources, and keeps follow-ups in one conversation", async () => {
    const { shown, engine } = await chat(["Should we use Django?", "and Rails?"], false);
    expect(shown).toContain("citebot › Web frameworks add layers");
    expect(shown).toContain("Sources:");
    expect(engine.calls[1]?.options.history?.[0]?.question).toBe("Should we use Django?");
  });

  it("prints no prompt when its input is not a terminal (a pipe or a script)", async () => {
    const { shown } = await chat(["Is Django fast?"], false);
    expect(shown).not.toContain("you › ");
  });
});

describe("the terminal chat when told to stop (SIGTERM, SIGINT)", () => {
  it("ends while its input is still open, after showing the answer it was giving", async () => {
    const io = terminal(false);
    const stop = new AbortController();
    const done = runChat(scriptedEngine(), {}, silentLogger(), io.input, io.output, {}, stop.signal);
    io.input.write("Should we use Django?\n");
    await new Promise<void>((resolve) => io.output.on("data", () => io.shown().includes("Sources:") && resolve()));
    stop.abort();
    await done;
    expect(io.shown()).toContain("citebot › Web frameworks add layers");
    expect(io.input.writableEnded).toBe(false);
  });

  it("ends at once when stopped before it started", async () => {
    const io = terminal(true);
    const stop = new AbortController();
    stop.abort();
    await runChat(scriptedEngine(), {}, silentLogger(), io.input, io.output, {}, stop.signal);
    expect(io.shown()).toContain("citebot: ask about");
  });
});
