import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openIndex } from "../../src/index/store.js";
import { UseLiteEmbeddings } from "../../src/index/embedder.js";
import { startScript, type RunningScript } from "../reliability/child-process.js";
import { makeTempDir, writeFiles } from "../helpers/temp-dir.js";
import { TINY_CORPUS } from "../helpers/tiny-corpus.js";

// `npm run ingest -- --watch` as a user runs it (node --import tsx scripts/ingest.ts), with the real model.
let dir: { path: string; remove: () => Promise<void> };
let running: RunningScript;

beforeAll(async () => {
  dir = await makeTempDir("ingest-watch");
  await writeFiles(path.join(dir.path, "corpus"), TINY_CORPUS);
  running = startScript("scripts/ingest.ts", ["--watch", "--quiet"], { CORPUS_DIR: path.join(dir.path, "corpus"), DATA_DIR: dir.path });
  await running.waitForStderr(/Watching .* for changes/);
}, 120_000);

afterAll(async () => {
  running?.child.kill("SIGKILL");
  await dir?.remove();
});

describe("npm run ingest -- --watch", () => {
  it("ingests again when a file is added under the corpus, then stops cleanly on Ctrl-C", async () => {
    await writeFiles(path.join(dir.path, "corpus"), { "glaciers/aletsch.md": "# Glaciers\n\n## Aletsch\n\nThe Aletsch glacier is 23 kilometres long.\n" });
    // On a stall, fail with what the watcher printed rather than a bare timeout.
    const stalled = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no re-ingest within 100 s; stderr:\n${running.stderr().slice(-3000)}`)), 100_000).unref());
    await Promise.race([running.waitForStderr(/changed: ingesting…[\s\S]*Index written to/), stalled]);
    const index = await openIndex(path.join(dir.path, "index"), new UseLiteEmbeddings());
    expect(index.manifest.documents.map((document) => document.source)).toContain("glaciers/aletsch.md");
    running.child.kill("SIGINT");
    expect(await running.exited).toEqual({ code: 0, signal: null });
  }, 120_000);
});
