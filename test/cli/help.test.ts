import { describe, expect, it } from "vitest";
import { runScript } from "../reliability/child-process.js";

// Every npm script, as `npm run <name> -- <flags>` runs it (package.json's scripts).
const SCRIPTS = [
  ["start", "src/main.ts"],
  ["ask", "scripts/ask.ts"],
  ["chat", "scripts/chat.ts"],
  ["ingest", "scripts/ingest.ts"],
  ["eval", "scripts/eval.ts"],
  ["feedback", "scripts/feedback.ts"],
  ["gaps", "scripts/gaps.ts"],
  ["bench", "scripts/bench.ts"],
  ["discord:register", "scripts/discord-register.ts"],
] as const;

const CHILD_MS = 30_000;

describe("--help on every script", () => {
  it.each(SCRIPTS)("npm run %s -- --help prints usage, flags and an example, and exits 0", async (name, script) => {
    const outcome = await runScript(script, ["--help"], {}, CHILD_MS);
    expect({ code: outcome.code, killed: outcome.killedAtLimit }).toEqual({ code: 0, killed: false });
    expect(outcome.stdout).toMatch(new RegExp(`^Usage: npm (run )?${name}`));
    expect(outcome.stdout).toMatch(/-h, --help/);
    expect(outcome.stdout).toMatch(/\nExample: /);
  }, CHILD_MS + 10_000);

  it.each(SCRIPTS)("npm run %s -- --bogus names the flag and shows the usage, not Node's error, and exits 2", async (name, script) => {
    const outcome = await runScript(script, ["--bogus"], {}, CHILD_MS);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain(`npm run ${name}: unknown flag --bogus; the flags are `);
    expect(outcome.stderr).toMatch(/\n\nUsage: npm /);
    expect(outcome.stderr).not.toMatch(/ERR_PARSE_ARGS|To specify a positional|^\s+at /m);
  }, CHILD_MS + 10_000);
});
