import { describe, expect, it } from "vitest";
import { createHealth } from "../../src/adapters/health.js";

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
