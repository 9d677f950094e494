import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { ConfigSchema } from "../../src/config.js";
import { REPO_ROOT } from "../helpers/real-corpus.js";

// Scripts run as `node --import tsx <script>`: the same loader as `npx tsx <script>`, but one process, so a
// signal sent to the child reaches the script itself rather than an npx or tsx wrapper.

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningScript {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<Exit>;
  /** Resolves once stderr has printed something that matches. */
  waitForStderr(pattern: RegExp): Promise<string>;
}

/**
 * Every setting blanked (so a developer's .env, which dotenv would load, cannot leak tokens into the child),
 * then the ones the test gives.
 */
export function isolatedEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  const blank = Object.fromEntries(Object.keys(ConfigSchema.shape).map((name) => [name, ""]));
  return { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, ...blank, LOG_LEVEL: "info", ...settings };
}

export function startScript(script: string, args: string[], settings: Record<string, string>): RunningScript {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { cwd: REPO_ROOT, env: isolatedEnv(settings), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, "exit").then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    waitForStderr: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(stderr);
          if (!match) return false;
          child.stderr?.off("data", check);
          resolve(match[0]);
          return true;
        };
        if (check()) return;
        child.stderr?.on("data", check);
        void exited.then(() => {
          if (!check()) reject(new Error(`${script} exited before printing ${pattern}; stderr:\n${stderr}`));
        });
      }),
  };
}

/** Runs a script to its end; a script still running after `limitMs` is killed and reported as such. */
export async function runScript(script: string, args: string[], settings: Record<string, string>, limitMs = 60_000): Promise<Exit & { stdout: string; stderr: string; killedAtLimit: boolean }> {
  const running = startScript(script, args, settings);
  let killedAtLimit = false;
  const limit = setTimeout(() => {
    killedAtLimit = true;
    running.child.kill("SIGKILL");
  }, limitMs);
  const exit = await running.exited;
  clearTimeout(limit);
  return { ...exit, stdout: running.stdout(), stderr: running.stderr(), killedAtLimit };
}
