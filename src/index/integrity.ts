import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { z } from "zod";

/** sha256 of a file, streamed: a 2 GB vector file is never held in memory, and the event loop gets a turn per 256 KB. */
export async function hashFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 256 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/**
 * Checks each of `names` in `dir` against the manifest's hash, one file after another; rejects with
 * `damaged(detail)` at the first that is missing or differs.
 */
export async function verifyFiles(dir: string, expected: Readonly<Record<string, string>>, names: readonly string[], damaged: (detail: string) => Error): Promise<void> {
  for (const name of names) {
    const actual = await hashFile(path.join(dir, name)).catch(() => "missing");
    if (actual !== expected[name]) throw damaged(`${name} is ${actual === "missing" ? "missing" : "damaged"}`);
  }
}

const Reply = z.union([z.object({ id: z.number(), sha256: z.string() }), z.object({ id: z.number(), error: z.string() })]);

/**
 * sha256 of each file, computed in order on a worker thread so that opening an index parses while it hashes
 * (the open's critical path is then the slower of the two, not their sum). "missing" for a file that cannot be
 * read. Falls back to this thread where a worker cannot start. The worker keeps the process alive until
 * `inBackground()`: from then on, what is left must not hold a finished CLI command open.
 */
export function hashFilesInOrder(files: readonly string[]): { hashes: Map<string, Promise<string>>; inBackground(): void } {
  const results = new Map<string, Promise<string>>();
  let worker: Worker | undefined;
  try {
    worker = new Worker(new URL("./hash-worker.js", import.meta.url));
  } catch {
    let chain = Promise.resolve("");
    for (const file of files) {
      chain = chain.then(() => hashFile(file).catch(() => "missing"));
      results.set(file, chain);
    }
    return { hashes: results, inBackground: () => undefined };
  }
  const pending = new Map<number, (sha256: string | Promise<string>) => void>();
  files.forEach((file, id) => results.set(file, new Promise<string>((resolve) => pending.set(id, resolve))));
  const finish = () => {
    // A worker that died mid-way leaves its files to this thread.
    for (const [id, resolve] of pending) resolve(hashFile(files[id] ?? "").catch(() => "missing"));
    pending.clear();
    void worker?.terminate();
  };
  worker.on("message", (message: unknown) => {
    const reply = Reply.parse(message);
    pending.get(reply.id)?.("sha256" in reply ? reply.sha256 : "missing");
    pending.delete(reply.id);
    if (pending.size === 0) finish();
  });
  worker.on("error", finish);
  worker.on("exit", finish);
  files.forEach((file, id) => worker?.postMessage({ id, file }));
  if (files.length === 0) finish();
  return { hashes: results, inBackground: () => worker?.unref() };
}
