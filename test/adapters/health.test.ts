import { describe, expect, it } from "vitest";
import { createHealth, type StoreStatus } from "../../src/adapters/health.js";
import { watchStore } from "../../src/adapters/store-watch.js";
import { silentLogger } from "../../src/logger.js";
import { openStore } from "../../src/store/open-store.js";
import { makeTempDir } from "../helpers/temp-dir.js";

describe("createHealth", () => {
  it("is ok only with documents indexed and every platform connected", () => {
    let documents = 0;
    const health = createHealth({ documents: () => documents, now: () => 0 });
    health.setPlatform("slack", "connecting");
    expect(health.report()).toMatchObject({ ok: false, indexLoaded: false });
    documents = 3;
    health.setPlatform("slack", "retrying", "cannot reach Slack (ECONNREFUSED)");
    expect(health.report()).toMatchObject({ ok: false, indexLoaded: true, platforms: { slack: { state: "retrying", detail: "cannot reach Slack (ECONNREFUSED)" } } });
    health.setPlatform("slack", "ready");
    expect(health.report()).toMatchObject({ ok: true, documents: 3, draining: false });
  });

  it("stops being ok once a drain begins, so a load balancer sends new work elsewhere", () => {
    const health = createHealth({ documents: () => 3 });
    health.setDraining();
    expect(health.report()).toMatchObject({ ok: false, draining: true });
  });
});

describe("/healthz and the store", () => {
  it("is not ok while the store is unreachable, and says why", () => {
    let store: StoreStatus = { state: "unreachable", kind: "postgres", detail: "ECONNREFUSED" };
    const health = createHealth({ documents: () => 3, store: () => store, indexGeneration: () => "g-0001" });
    expect(health.report()).toMatchObject({ ok: false, store: { state: "unreachable", detail: "ECONNREFUSED" }, indexGeneration: "g-0001" });
    store = { state: "ok", kind: "postgres", latencyMs: 1 };
    expect(health.report()).toMatchObject({ ok: true, store: { state: "ok" } });
  });

  it("reports a real store ok, then unreachable once it has gone, with the index generation", async () => {
    const dir = await makeTempDir("store-watch");
    const store = await openStore({ dataDir: dir.path });
    const watch = watchStore(store, async () => "g-0042", silentLogger(), { checkEveryMs: 3_600_000 });
    try {
      await watch.refresh();
      const before = { status: watch.status(), generation: watch.generation() };
      await store.close();
      await watch.refresh();
      expect({ before, after: watch.status() }).toEqual({
        before: { status: { state: "ok", kind: "sqlite", latencyMs: expect.any(Number) }, generation: "g-0042" },
        after: { state: "unreachable", kind: "sqlite", detail: expect.any(String) },
      });
    } finally {
      watch.stop();
      await dir.remove();
    }
  });
});
