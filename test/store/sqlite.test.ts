import fs from "node:fs/promises";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode } from "../../src/errors.js";
import { openStore } from "../../src/store/open-store.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { sqliteUnderTest } from "./engines.js";
import { describeStoreContract } from "./store.case.js";

describeStoreContract(sqliteUnderTest());

describe("SQLite store", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it("lives in DATA_DIR/citebot.sqlite, in WAL mode", async () => {
    const dir = await makeTempDir("store-file");
    cleanups.push(dir.remove);
    const store = await openStore({ dataDir: path.join(dir.path, "data") });
    await store.close();
    const file = path.join(dir.path, "data", "citebot.sqlite");
    expect(store.location).toBe(file);
    const db = new Database(file, { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
  });

  it("names DATA_DIR when the store file cannot be created", async () => {
    const dir = await makeTempDir("store-file");
    cleanups.push(dir.remove);
    const notAFolder = path.join(dir.path, "file");
    await fs.writeFile(notAFolder, "");
    await expect(openStore({ dataDir: notAFolder })).rejects.toMatchObject({ code: ErrorCode.StoreUnavailable, message: expect.stringMatching(/^DATA_DIR: cannot open the store file/) });
  });
});
