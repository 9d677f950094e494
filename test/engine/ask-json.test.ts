import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Answer } from "../../src/engine/answer.js";
import { CORPUS_DIR, REAL_INDEX_TIMEOUT_MS, REPO_ROOT, buildRealIndex } from "../helpers/real-corpus.js";
import { makeTempDir } from "../helpers/temp-dir.js";

const run = promisify(execFile);
const QUESTIONS = ["How does Django scale horizontally?", "what is the capital of Australia?"];

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

let indexDir: string;
let removeIndex: () => Promise<void>;

/** `npx tsx scripts/ask.ts …` as a user runs it, against the index this file built. */
async function ask(args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run("npx", ["tsx", "scripts/ask.ts", ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, INDEX_DIR: indexDir, CORPUS_DIR, LOG_LEVEL: "info" },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === "number" ? failed.code : -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

beforeAll(async () => {
  const dir = await makeTempDir("ask-index");
  indexDir = dir.path;
  removeIndex = dir.remove;
  await buildRealIndex(indexDir);
}, REAL_INDEX_TIMEOUT_MS);

afterAll(() => removeIndex());

describe("ask --json with two questions", () => {
  let outcome: Outcome;

  beforeAll(async () => {
    outcome = await ask(["--json", ...QUESTIONS]);
  }, 90_000);

  it("exits with code 0", () => {
    expect({ code: outcome.code, stderr: outcome.code === 0 ? "" : outcome.stderr }).toEqual({ code: 0, stderr: "" });
  });

  it("prints exactly two newline-terminated lines on stdout", () => {
    expect(outcome.stdout.split("\n")).toHaveLength(3);
  });

  it("prints lines that each parse as an Answer", () => {
    const lines = outcome.stdout.trimEnd().split("\n");
    expect(lines.map((line) => Answer.safeParse(JSON.parse(line)).success)).toEqual([true, true]);
  });

  it("answers the questions in the order given", () => {
    const answers = outcome.stdout.trimEnd().split("\n").map((line) => Answer.parse(JSON.parse(line)));
    expect(answers.map((answer) => answer.question)).toEqual(QUESTIONS);
  });

  it("grounds the on-topic answer and refuses the off-topic one", () => {
    const answers = outcome.stdout.trimEnd().split("\n").map((line) => Answer.parse(JSON.parse(line)));
    expect(answers.map((answer) => answer.grounded)).toEqual([true, false]);
  });
});

describe("ask --json with no question", () => {
  it("exits with code 2, prints usage on stderr and nothing on stdout", async () => {
    const outcome = await ask(["--json"]);
    expect({ code: outcome.code, stdout: outcome.stdout, usage: /Usage: npm run ask/.test(outcome.stderr) }).toEqual({ code: 2, stdout: "", usage: true });
  }, 60_000);
});
