import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** A fresh folder under the OS temp dir; `remove()` deletes it and everything in it. */
export async function makeTempDir(label: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `citebot-${label}-`));
  return { path: dir, remove: () => fs.rm(dir, { recursive: true, force: true }) };
}

/** Writes `files` (relative path → contents) under `dir`, creating sub-folders as needed. */
export async function writeFiles(dir: string, files: Record<string, string | Uint8Array>): Promise<void> {
  for (const [name, contents] of Object.entries(files)) {
    const file = path.join(dir, name);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, contents);
  }
}
