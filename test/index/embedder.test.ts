import { spawnSync, execFile } from "node:child_process";
import net from "node:net";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { UseLiteEmbeddings } from "../../src/index/embedder.js";
import { REPO_ROOT } from "../helpers/real-corpus.js";

const run = promisify(execFile);
const MODEL_TIMEOUT_MS = 60_000;
const OFFLINE_SCRIPT = fileURLToPath(new URL("../helpers/embed-offline.ts", import.meta.url));
// `unshare -n` needs user namespaces (or root); where they are unavailable the socket spy below still runs.
const canIsolateNetwork = spawnSync("unshare", ["-n", "true"]).status === 0;

const norm = (vector: number[]) => Math.hypot(...vector);

describe("UseLiteEmbeddings", () => {
  const embeddings = new UseLiteEmbeddings();

  beforeAll(async () => {
    await embeddings.load();
  }, MODEL_TIMEOUT_MS);

  it("returns 512-dimensional vectors", async () => {
    expect((await embeddings.embedQuery("Does Django scale horizontally?")).length).toBe(512);
  });

  it("declares the dimension it returns", async () => {
    expect(embeddings.dimension).toBe((await embeddings.embedDocuments(["Online games need low latency."]))[0]?.length);
  });

  it("returns unit-length vectors", async () => {
    const vectors = await embeddings.embedDocuments(["Online games need low latency.", "Vesuvius buried Pompeii.", "x"]);
    expect(vectors.map((vector) => Math.abs(norm(vector) - 1) < 1e-3)).toEqual([true, true, true]);
  });

  it("gives the same vectors after warming up at every question length", async () => {
    const text = "Does Django scale horizontally?";
    const before = await embeddings.embedQuery(text);
    await embeddings.warmUp();
    expect(await embeddings.embedQuery(text)).toEqual(before);
  }, MODEL_TIMEOUT_MS);

  it("embeds a question asked during warm-up before the warm-up ends", async () => {
    const order: string[] = [];
    const warming = embeddings.warmUp().then(() => order.push("warm-up done"));
    // As the engine asks: in its turn, after a setImmediate (see cpu-turns.ts).
    const asked = new Promise((resolve) => setImmediate(resolve))
      .then(() => embeddings.embedQuery("Does Django scale horizontally?"))
      .then(() => order.push("question embedded"));
    await Promise.all([warming, asked]);
    expect(order).toEqual(["question embedded", "warm-up done"]);
  }, MODEL_TIMEOUT_MS);

  it("gives the same vector for the same text every time", async () => {
    const text = "Web frameworks add layers of abstraction that slow down request processing.";
    expect(await embeddings.embedQuery(text)).toEqual(await embeddings.embedQuery(text));
  });

  it("gives the same vector from a fresh instance", async () => {
    const text = "Django scales with a load balancer and shared sessions.";
    expect(await new UseLiteEmbeddings().embedQuery(text)).toEqual(await embeddings.embedQuery(text));
  }, MODEL_TIMEOUT_MS);

  it("gives a document the same vector in any batch order", async () => {
    const texts = ["Short.", "A somewhat longer sentence about caching.", "The longest sentence of the three, about horizontal scaling with Django."];
    const forward = await embeddings.embedDocuments(texts);
    const backward = await embeddings.embedDocuments([...texts].reverse());
    expect(backward.reverse().map((vector, i) => vector.every((value, j) => Math.abs(value - (forward[i]?.[j] ?? Number.NaN)) < 1e-5))).toEqual([true, true, true]);
  });

  it("embeds an empty text without failing", async () => {
    expect((await embeddings.embedQuery("   ")).length).toBe(512);
  });

  it("places related sentences closer than unrelated ones", async () => {
    const [question, related, unrelated] = await embeddings.embedDocuments(["How do I scale a Django site?", "Django applications scale horizontally behind load balancers.", "Vesuvius buried Pompeii in volcanic ash."]);
    const cosine = (a: number[] = [], b: number[] = []) => a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);
    expect(cosine(question, related)).toBeGreaterThan(cosine(question, unrelated));
  });
});

describe("UseLiteEmbeddings without a network", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.runIf(canIsolateNetwork)(
    "embeds a sentence in a process that has no network at all",
    async () => {
      const { stdout } = await run("unshare", ["-n", process.execPath, "--import", "tsx", OFFLINE_SCRIPT, "Is Django fast enough for online games?"], { cwd: REPO_ROOT });
      expect(stdout).toBe("512\n");
    },
    MODEL_TIMEOUT_MS,
  );

  it(
    "loads the model and embeds without opening a socket",
    async () => {
      const connect = vi.spyOn(net.Socket.prototype, "connect");
      await new UseLiteEmbeddings().embedQuery("Is Django fast enough for online games?");
      expect(connect).not.toHaveBeenCalled();
    },
    MODEL_TIMEOUT_MS,
  );
});
