import { describe, expect, it } from "vitest";
import { parseFlags } from "../../src/cli/flags.js";

const HELP = { name: "demo", text: "Usage: npm run demo -- [--set NAME] [--json]\n\nExample: npm run demo -- --json" };
const SPEC = { set: { type: "string" }, json: { type: "boolean" } } as const;

function parse(argv: string[], positionals = false) {
  const out: string[] = [];
  const err: string[] = [];
  const result = parseFlags(argv, SPEC, HELP, { positionals, io: { out: (text) => void out.push(text), err: (text) => void err.push(text) } });
  return { result, out: out.join("\n"), err: err.join("\n") };
}

describe("parseFlags", () => {
  it("reads the flags it was given", () => {
    const { result } = parse(["--set", "shipped", "--json"]);
    expect(result).toEqual({ ok: true, values: { set: "shipped", json: true }, positionals: [] });
  });

  it("prints the help on stdout for --help and -h, and ends with exit code 0", () => {
    for (const flag of ["--help", "-h"]) {
      const { result, out, err } = parse([flag]);
      expect({ result, out, err }).toEqual({ result: { ok: false, exitCode: 0 }, out: HELP.text, err: "" });
    }
  });

  it("names an unknown flag, lists the known ones, and shows the usage", () => {
    const { result, err } = parse(["--jsn"]);
    expect(result).toEqual({ ok: false, exitCode: 2 });
    expect(err).toBe(`npm run demo: unknown flag --jsn; the flags are --set, --json, --help\n\n${HELP.text}`);
  });

  it("says a flag needs a value, or takes none", () => {
    expect(parse(["--set"]).err).toMatch(/^npm run demo: --set needs a value\n/);
    expect(parse(["--json=yes"]).err).toMatch(/^npm run demo: --json takes no value\n/);
  });

  it("refuses a stray argument unless the command takes some", () => {
    expect(parse(["shipped"]).err).toMatch(/^npm run demo: unexpected argument "shipped"; flags start with --\n/);
    expect(parse(["what is Django?"], true).result).toEqual({ ok: true, values: {}, positionals: ["what is Django?"] });
  });
});
