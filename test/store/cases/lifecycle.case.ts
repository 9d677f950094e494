import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../../src/errors.js";
import { migrations, latestSchemaVersion } from "../../../src/store/migrations/index.js";
import type { StoreHarness } from "../harness.js";

export function lifecycleCases(h: StoreHarness): void {
  describe("opening", () => {
    it("opens an empty store at the newest schema version and answers ping", async () => {
      const store = await h.open();
      expect(store.kind).toBe(h.engine.kind);
      expect(store.schemaVersion).toBe(latestSchemaVersion);
      const health = await store.ping();
      expect(health).toMatchObject({ ok: true, kind: h.engine.kind, schemaVersion: latestSchemaVersion });
      expect(health.ok && health.serverVersion).toMatch(h.engine.kind === "sqlite" ? /^SQLite 3\./ : /^PostgreSQL \d+/);
      expect(health.ok && health.latencyMs).toBeGreaterThanOrEqual(0);
    });

    it("applies each migration once however often the store is opened", async () => {
      const location = await h.place();
      await h.open(location);
      await h.open(location);
      const raw = await h.raw(location);
      expect(await h.count(raw, "schema_migrations")).toBe(migrations.length);
    });

    it("refuses a store migrated by a newer citebot with store_schema_newer", async () => {
      const location = await h.place();
      await h.open(location);
      const raw = await h.raw(location);
      await raw.db.insertInto("schema_migrations").values({ version: latestSchemaVersion + 1, name: "from the future", applied_at: h.clock.now() }).execute();
      await expect(h.open(location)).rejects.toMatchObject({ code: ErrorCode.StoreSchemaNewer, message: expect.stringMatching(/schema version \d+, newer than this citebot knows/) });
    });

    it("reports a closed store as not ok from ping, without throwing", async () => {
      const store = await h.open();
      await store.close();
      expect(await store.ping()).toMatchObject({ ok: false, kind: h.engine.kind, error: expect.any(String) });
    });
  });
}
