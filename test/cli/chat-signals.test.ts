import { spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/real-corpus.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { isolatedEnv } from "../reliability/child-process.js";

// `npm start` with no platform token is the terminal chat; a process manager's SIGTERM must end it with code 0
// (docs/deployment.md, "Exit codes"), not kill it by the signal, and while a terminal still holds its input open.

let dir: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  dir = await makeTempDir("chat-signals");
  await fs.mkdir(path.join(dir.path, "corpus"));
  await fs.writeFile(path.join(dir.path, "corpus", "lighthouse.md"), "# Bell Rock\n\nThe Bell Rock lighthouse is 35 metres tall and was finished in 1810.\n");
});
afterAll(async () => dir.remove());

describe("SIGTERM to the terminal chat of npm start", () => {
  it("exits with code 0 once the chat is open, its input still open", async () => {
    const settings = { CORPUS_DIR: path.join(dir.path, "corpus"), INDEX_DIR: path.join(dir.path, "index"), DATA_DIR: path.join(dir.path, "data") };
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: REPO_ROOT, env: isolatedEnv(settings), stdio: ["pipe", "pipe", "pipe"] });
    const exited = once(child, "exit");
    let stdout = "";
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes("citebot: ask about")) resolve();
      });
      void exited.then(() => reject(new Error(`exited before the chat opened:\n${stdout}`)));
    });
    child.kill("SIGTERM");
    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    child.stdin.end();
  }, 180_000);
});
