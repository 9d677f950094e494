import fs from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { latestSchemaVersion, migrations } from "../../../src/store/migrations/index.js";
import { runTogether } from "../children.js";
import { answerJob, type StoreHarness } from "../harness.js";
import { legacyFeedbackFile } from "./feedback.case.js";

/** Real concurrency: separate node processes, each with its own connection (or pool), released at the same moment. */
export function concurrencyCases(h: StoreHarness): void {
  describe("several processes at once", () => {
    it("migrates a new store once when three processes open it together", async () => {
      const location = await h.place();
      const results = await runTogether([1, 2, 3].map(() => ({ options: location.options, action: "open" })));
      for (const result of results) expect(result).toMatchObject({ schemaVersion: latestSchemaVersion });
      const raw = await h.raw(location);
      expect(await h.count(raw, "schema_migrations")).toBe(migrations.length);
    }, 60_000);

    it("imports feedback.jsonl once when two processes open the store together", async () => {
      const location = await h.place();
      const file = path.join(location.options.dataDir, "feedback.jsonl");
      await fs.writeFile(file, legacyFeedbackFile(50));
      const results = await runTogether([1, 2].map(() => ({ options: { ...location.options, legacyFeedbackFile: file }, action: "open" })));
      const statuses = results.map((result) => (result.feedbackImport as { status: string }).status).sort();
      expect(statuses).toEqual(["already_imported", "imported"]);
      const raw = await h.raw(location);
      expect(await h.count(raw, "feedback")).toBe(50);
    }, 60_000);

    it("gives each of 200 event ids to exactly one of two processes claiming them all", async () => {
      const location = await h.place();
      await h.open(location);
      const keys = Array.from({ length: 200 }, (_, n) => `slack:event:Ev${n}`);
      const results = await runTogether([1, 2].map(() => ({ options: location.options, action: "claim-events", keys })));
      const won = results.flatMap((result) => result.won as string[]);
      expect(won).toHaveLength(200);
      expect(new Set(won).size).toBe(200);
    }, 60_000);

    it("hands each of 200 jobs to exactly one of 200 concurrent claims from two processes", async () => {
      const location = await h.place();
      const store = await h.open(location);
      const ids = new Set<string>();
      for (let n = 0; n < 200; n += 1) ids.add((await store.jobs.enqueue(answerJob(h.clock))).job.id);
      const results = await runTogether([1, 2].map(() => ({ options: location.options, action: "claim-jobs", concurrency: 100 })));
      const claimed = results.flatMap((result) => result.claimed as string[]);
      expect(claimed).toHaveLength(200);
      expect(new Set(claimed)).toEqual(ids);
      expect(await store.jobs.counts()).toMatchObject({ queued: 0, running: 200 });
    }, 60_000);
  });
}
