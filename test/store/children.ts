import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const CHILD = fileURLToPath(new URL("./store-child.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface StoreChild {
  ready: Promise<void>;
  go(): void;
  result: Promise<Record<string, unknown>>;
}

/** Starts test/store/store-child.ts as its own node process (real OS concurrency, its own connection). */
export function startStoreChild(args: Record<string, unknown>): StoreChild {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, JSON.stringify(args)], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes("ready\n")) markReady();
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const result = new Promise<Record<string, unknown>>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => {
      const last = stdout.trim().split("\n").at(-1) ?? "";
      try {
        const parsed = JSON.parse(last) as Record<string, unknown>;
        if (code === 0) resolve(parsed);
        else reject(new Error(`store child exited ${code}: ${last}\n${stderr}`));
      } catch {
        reject(new Error(`store child exited ${code} without a result:\n${stdout}\n${stderr}`));
      }
    });
  });
  // A child that died before "ready" must not leave the test waiting for it.
  result.catch(() => markReady());
  return { ready, go: () => child.stdin.end("go\n"), result };
}

/** Starts every child, waits until all are ready, releases them together, and returns their results. */
export async function runTogether(argsList: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
  const children = argsList.map(startStoreChild);
  await Promise.all(children.map((child) => child.ready));
  for (const child of children) child.go();
  return Promise.all(children.map((child) => child.result));
}
