import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { storeOptions as storeOptionsFrom } from "../../src/app.js";
import { defaultStoreOptions } from "../../src/store/options.js";

describe("store settings", () => {
  it("keeps the store in SQLite under DATA_DIR, importing its feedback.jsonl, when DATABASE_URL is empty", () => {
    const options = storeOptionsFrom(loadConfig({ DATA_DIR: "/srv/citebot" }));
    expect(options.databaseUrl).toBeUndefined();
    expect(options.dataDir).toBe("/srv/citebot");
    expect(options.legacyFeedbackFile).toBe(path.join("/srv/citebot", "feedback.jsonl"));
  });

  it("passes DATABASE_URL and each retention and lease setting through", () => {
    const options = storeOptionsFrom(
      loadConfig({ DATABASE_URL: "postgres://db/citebot", DATABASE_POOL_SIZE: "4", THREAD_RETENTION_DAYS: "7", THREAD_TURNS_KEPT: "6", ANSWER_RETENTION_DAYS: "3", JOB_LEASE_MS: "10000", JOB_MAX_ATTEMPTS: "5" }),
    );
    expect(options).toMatchObject({ databaseUrl: "postgres://db/citebot", poolSize: 4, threadRetentionDays: 7, threadTurnsKept: 6, answerRetentionDays: 3, jobLeaseMs: 10_000, jobMaxAttempts: 5 });
  });

  it("has the same defaults as the settings", () => {
    const options = storeOptionsFrom(loadConfig({}));
    for (const key of ["poolSize", "threadRetentionDays", "threadTurnsKept", "answerRetentionDays", "jobLeaseMs", "jobMaxAttempts"] as const) {
      expect(options[key]).toBe(defaultStoreOptions[key]);
    }
  });
});
