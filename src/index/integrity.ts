import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

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
