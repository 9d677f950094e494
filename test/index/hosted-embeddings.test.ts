import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { isCitebotError } from "../../src/errors.js";
import { createEmbeddings, engineOptions, indexOptions, openEngine } from "../../src/app.js";
import { HostedOllamaEmbeddings, HostedOpenAIEmbeddings } from "../../src/index/hosted-embeddings.js";
import { ingest } from "../../src/index/ingest.js";
import { openIndex, readCurrentManifest } from "../../src/index/store.js";
import { silentLogger } from "../../src/logger.js";
import { guardNetwork, startFakeLlm, type FakeLlm, type NetworkGuard } from "../fakes/llm.js";

const DIMENSION = 48;

const CORPUS = {
  "lighthouses.md": "# Lighthouses\n\n## Bell Rock\n\nThe Bell Rock lighthouse stands off the coast of Angus.\nRobert Stevenson finished building the Bell Rock tower in 1810.\n",
  "volcanoes.md": "# Volcanoes\n\n## Etna\n\nMount Etna on Sicily erupts several times every year with lava fountains.\n",
  "tides.md": "# Tides\n\nThe moon pulls the oceans into two bulges, so most coasts see two high tides each day.\n",
};

let fake: FakeLlm;
let network: NetworkGuard;
let workDir: string;

beforeAll(async () => {
  network = guardNetwork();
  fake = await startFakeLlm({ dimension: DIMENSION });
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), "citebot-hosted-"));
  await fs.mkdir(path.join(workDir, "corpus"));
  for (const [name, text] of Object.entries(CORPUS)) await fs.writeFile(path.join(workDir, "corpus", name), text);
});

afterEach(() => {
  fake.reset();
});

afterAll(async () => {
  await fake.close();
  network.restore();
  await fs.rm(workDir, { recursive: true, force: true });
  expect({ guarded: network.urls.length > 0, refused: network.refused() }).toEqual({ guarded: true, refused: [] });
});

const FLAVOURS = [
  { name: "an OpenAI-compatible endpoint", env: () => ({ EMBEDDINGS: "openai", OPENAI_BASE_URL: fake.openAIBaseUrl, OPENAI_EMBEDDINGS_MODEL: "fake-embed" }), id: "openai:fake-embed", path: "/v1/embeddings" },
  { name: "Ollama", env: () => ({ EMBEDDINGS: "ollama", OLLAMA_BASE_URL: fake.ollamaBaseUrl, OLLAMA_EMBEDDINGS_MODEL: "fake-embed" }), id: "ollama:fake-embed", path: "/api/embed" },
] as const;

describe.each(FLAVOURS)("hosted embeddings through $name", (flavour) => {
  const config = () => loadConfig({ ...flavour.env(), CORPUS_DIR: path.join(workDir, "corpus"), INDEX_DIR: path.join(workDir, `index-${flavour.id.replace(/\W/g, "-")}`) });

  it("learns the dimension from the endpoint and returns unit-length vectors", async () => {
    const embeddings = await createEmbeddings(config());
    const vectors = await embeddings.embedDocuments(["Bell Rock lighthouse", "lava fountains on Etna", ""]);
    expect({ id: embeddings.id, dimension: embeddings.dimension, lengths: vectors.map((v) => v.length), norms: vectors.map((v) => Math.round(Math.hypot(...v) * 1e6) / 1e6) }).toEqual({
      id: flavour.id,
      dimension: DIMENSION,
      lengths: [DIMENSION, DIMENSION, DIMENSION],
      norms: [1, 1, 1],
    });
  });

  it("builds an index through the endpoint, and the engine answers from it", async () => {
    const settings = config();
    const embeddings = await createEmbeddings(settings);
    await ingest({ corpusDir: settings.CORPUS_DIR, indexDir: settings.INDEX_DIR, maxFileBytes: settings.MAX_FILE_BYTES, chunkMaxChars: settings.CHUNK_MAX_CHARS, embeddings, logger: silentLogger() });
    const engine = await openEngine({ indexDir: settings.INDEX_DIR, embeddings, logger: silentLogger() }, { ...engineOptions(settings), ...indexOptions(settings) });
    const answer = await engine.answer("When did Robert Stevenson finish the Bell Rock tower?");
    expect({ grounded: answer.grounded, sources: [...new Set(answer.citations.map((c) => c.source))] }).toEqual({ grounded: true, sources: ["lighthouses.md"] });
    expect(answer.answer).toContain("1810");
    expect(fake.embeddingRequests().length).toBeGreaterThan(0);
    expect(fake.requests.filter((request) => request.path !== flavour.path)).toEqual([]);
  });

  it("records the endpoint's model in the index manifest", async () => {
    const settings = config();
    const embeddings = await createEmbeddings(settings);
    await ingest({ corpusDir: settings.CORPUS_DIR, indexDir: settings.INDEX_DIR, maxFileBytes: settings.MAX_FILE_BYTES, chunkMaxChars: settings.CHUNK_MAX_CHARS, embeddings, logger: silentLogger() });
    expect((await readCurrentManifest(settings.INDEX_DIR))?.embedder).toEqual({ id: flavour.id, dimension: DIMENSION });
  });
});

describe("an index built with one hosted embedder", () => {
  it("asks for a re-ingest when EMBEDDINGS now names another", async () => {
    const indexDir = path.join(workDir, "index-switch");
    const openai = await new HostedOpenAIEmbeddings({ model: "fake-embed", baseUrl: fake.openAIBaseUrl, apiKey: undefined, timeoutMs: 10_000 }).connect();
    await ingest({ corpusDir: path.join(workDir, "corpus"), indexDir, maxFileBytes: 100_000, chunkMaxChars: 1_500, embeddings: openai, logger: silentLogger() });
    const ollama = await new HostedOllamaEmbeddings({ model: "fake-embed", baseUrl: fake.ollamaBaseUrl, timeoutMs: 10_000 }).connect();
    const error: unknown = await openIndex(indexDir, ollama).catch((caught: unknown) => caught);
    expect(isCitebotError(error) && { code: error.code, reingest: error.message.includes("npm run ingest") }).toEqual({ code: "embedder_mismatch", reingest: true });
  });
});

describe("a hosted embeddings endpoint that is misconfigured", () => {
  it("fails at start-up with one error naming the setting", async () => {
    const error: unknown = await createEmbeddings(loadConfig({ EMBEDDINGS: "openai", OPENAI_BASE_URL: `${fake.openAIBaseUrl}/wrong-path` })).catch((caught: unknown) => caught);
    expect(isCitebotError(error) && { code: error.code, namesSetting: error.message.includes("OPENAI_BASE_URL") }).toEqual({ code: "embedder_failed", namesSetting: true });
  });

  it("does not repeat the API key when the endpoint quotes it back", async () => {
    const key = "sk-test-0123456789abcdef";
    fake.rejectApiKey(key);
    const error: unknown = await createEmbeddings(loadConfig({ EMBEDDINGS: "openai", OPENAI_API_KEY: key, OPENAI_BASE_URL: fake.openAIBaseUrl })).catch((caught: unknown) => caught);
    expect(isCitebotError(error) && { code: error.code, rejected: error.message.includes("Incorrect API key"), leaks: error.message.includes(key) }).toEqual({ code: "embedder_failed", rejected: true, leaks: false });
  });
});
