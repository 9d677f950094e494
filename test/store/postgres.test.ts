import net from "node:net";
import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../src/errors.js";
import { openStore } from "../../src/store/open-store.js";
import { redactUrl } from "../../src/store/postgres-engine.js";
import { findTestPostgres, TEST_POSTGRES_URL } from "../helpers/postgres-server.js";
import { postgresUnderTest } from "./engines.js";
import { describeStoreContract } from "./store.case.js";

// The PostgreSQL half is never skipped in CI: with CI set and no server, the suite fails here. By hand, without a
// URL and without PostgreSQL installed, it is skipped with a note nobody can miss.
const postgres = findTestPostgres();
if (postgres.available) {
  describeStoreContract(postgresUnderTest(postgres));
} else if (process.env.CI) {
  describe("store contract on postgres", () => {
    it("has a PostgreSQL to run against in CI", () => {
      throw new Error(`CI is set but ${postgres.reason}; .ci/run installs PostgreSQL and exports ${TEST_POSTGRES_URL}`);
    });
  });
} else {
  console.warn(`\n*** SKIPPED: the store contract on PostgreSQL (${postgres.reason}). Run .ci/run, or install PostgreSQL. ***\n`);
  describe.skip("store contract on postgres", () => it("needs PostgreSQL", () => undefined));
}

describe("PostgreSQL store settings", () => {
  it("names DATABASE_URL when nothing listens there, without printing the password", async () => {
    const port = await closedPort();
    const opening = openStore({ databaseUrl: `postgres://citebot:hunter2@127.0.0.1:${port}/citebot`, dataDir: "unused", connectTimeoutMs: 2_000 });
    await expect(opening).rejects.toMatchObject({
      code: ErrorCode.StoreUnavailable,
      message: expect.stringMatching(new RegExp(`^DATABASE_URL: cannot reach PostgreSQL at postgres://citebot@127\\.0\\.0\\.1:${port}/citebot \\(connection refused`)),
    });
    await expect(opening).rejects.not.toMatchObject({ message: expect.stringContaining("hunter2") });
  });

  it("prints a URL without its password or query", () => {
    expect(redactUrl("postgres://citebot:s3cret@db.internal:5432/citebot?sslmode=require")).toBe("postgres://citebot@db.internal:5432/citebot");
  });
});

/** A loopback port that was free a moment ago and has nothing listening on it now. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
