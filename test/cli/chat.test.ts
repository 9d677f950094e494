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
