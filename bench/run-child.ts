import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface ChildRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** Milliseconds from spawn to the first stdout line that `readyWhen` accepted. */
  readyMs?: number;
}

export interface ChildOptions {
  /** Node flags before the script, e.g. --expose-gc. */
  nodeFlags?: string[];
  timeoutMs: number;
  readyWhen?: (line: string) => boolean;
  cwd?: string;
}

/** Starts a TypeScript module of this folder in a fresh Node process, through tsx as `npm start` runs code. */
export function spawnTs(moduleName: string, args: string[], nodeFlags: string[] = [], cwd?: string): ChildProcessWithoutNullStreams {
  const script = fileURLToPath(new URL(moduleName, import.meta.url));
  return spawn(process.execPath, [...nodeFlags, "--import", import.meta.resolve("tsx"), script, ...args], { cwd, stdio: ["pipe", "pipe", "pipe"] });
}

/** Runs a module to completion; rejects with the tail of its stderr when it fails or outlives `timeoutMs`. */
export function runTsChild(moduleName: string, args: string[], options: ChildOptions): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawnTs(moduleName, args, options.nodeFlags, options.cwd);
    child.stdin.end();
    let stdout = "";
    let stderr = "";
    let readyMs: number | undefined;
    let pending = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      stdout += text;
      if (readyMs !== undefined || !options.readyWhen) return;
      pending += text;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      if (lines.some((line) => options.readyWhen?.(line))) readyMs = performance.now() - started;
    });
    child.stderr.setEncoding("utf8").on("data", (text: string) => {
      stderr += text;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (exitCode, signal) => {
      clearTimeout(timer);
      const run = { exitCode, stdout, stderr, wallMs: performance.now() - started, readyMs };
      if (exitCode !== 0) {
        reject(new Error(`${moduleName} ${signal === "SIGKILL" ? `was stopped after ${options.timeoutMs} ms` : `exited with ${exitCode ?? signal}`}: ${stderr.trim().split("\n").slice(-6).join("\n")}`));
        return;
      }
      resolve(run);
    });
  });
}
