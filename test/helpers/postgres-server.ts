import { execFile } from "node:child_process";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL("./throwaway-postgres.sh", import.meta.url));

/** The setting through which .ci/run (or a developer) hands the store tests a running PostgreSQL. */
export const TEST_POSTGRES_URL = "CITEBOT_TEST_POSTGRES_URL";

/**
 * A real PostgreSQL for the store tests, found in this order:
 * 1. CITEBOT_TEST_POSTGRES_URL (what .ci/run exports): used as given; if it does not answer, the tests fail.
 * 2. PostgreSQL's server binaries on this machine (Debian's `postgresql` package): a throwaway cluster in a temp
 *    folder, started by the tests and stopped after them.
 * 3. Neither: unavailable. Under CI that is a failure; by hand the PostgreSQL half is skipped with a loud note.
 */
export type TestPostgres =
  | { available: true; source: string; start(): Promise<string>; stop(): Promise<void> }
  | { available: false; reason: string };

export function findTestPostgres(env: NodeJS.ProcessEnv = process.env): TestPostgres {
  const given = env[TEST_POSTGRES_URL]?.trim();
  if (given) return { available: true, source: TEST_POSTGRES_URL, start: async () => given, stop: async () => undefined };
  if (!serverBinariesInstalled()) {
    return { available: false, reason: `${TEST_POSTGRES_URL} is not set and PostgreSQL's initdb/pg_ctl are not installed (apt-get install -y postgresql)` };
  }
  let dir: string | undefined;
  return {
    available: true,
    source: "a throwaway cluster (initdb + pg_ctl in a temp folder)",
    async start() {
      // Under the OS temp folder: the unprivileged postgres user must be able to reach it.
      dir = await fsp.mkdtemp(path.join(os.tmpdir(), "citebot-pg-"));
      const { stdout } = await run("bash", [SCRIPT, "start", dir], { timeout: 120_000 });
      return stdout.trim();
    },
    async stop() {
      if (dir) await run("bash", [SCRIPT, "stop", dir], { timeout: 60_000 }).catch(() => undefined);
    },
  };
}

function serverBinariesInstalled(): boolean {
  const inPath = (process.env.PATH ?? "").split(path.delimiter).some((folder) => folder && fs.existsSync(path.join(folder, "initdb")));
  if (inPath) return true;
  try {
    return fs.readdirSync("/usr/lib/postgresql").some((version) => fs.existsSync(path.join("/usr/lib/postgresql", version, "bin", "initdb")));
  } catch {
    return false;
  }
}
