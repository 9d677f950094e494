import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { plainChunk } from "../../src/index/chunk-table.js";
import type { CitebotEmbeddings } from "../../src/index/embedder.js";
import { buildStore, type LoadedIndex } from "../../src/index/store.js";
import { matrixToBuffer } from "../../src/index/vectors.js";

/** Writes `loaded` as a format-2 generation (chunks.json, LangChain's docstore.json) and points CURRENT at it: what indexes looked like before format 3. */
export async function writeFormat2Index(indexDir: string, loaded: LoadedIndex, embeddings: CitebotEmbeddings): Promise<string> {
  const generation = "gen-1-format2";
  const dir = path.join(indexDir, generation);
  await fs.mkdir(dir, { recursive: true });
  const chunks = loaded.chunks.map(plainChunk);
  await (await buildStore(embeddings, chunks, loaded.chunkVectors)).save(dir);
  await fs.writeFile(path.join(dir, "chunks.json"), JSON.stringify({ chunks }));
  await fs.writeFile(path.join(dir, "chunk-vectors.f32"), matrixToBuffer(loaded.chunkVectors));
  await fs.writeFile(path.join(dir, "heading-vectors.f32"), matrixToBuffer(loaded.headingVectors));
  await fs.writeFile(path.join(dir, "unit-vectors.f32"), matrixToBuffer(loaded.unitVectors));
  const files: Record<string, string> = {};
  for (const name of (await fs.readdir(dir)).sort()) files[name] = sha256(await fs.readFile(path.join(dir, name)));
  const { formatVersion: _, files: __, ...rest } = loaded.manifest;
  const manifest = Buffer.from(JSON.stringify({ ...rest, formatVersion: 2, files }, null, 2));
  await fs.writeFile(path.join(dir, "manifest.json"), manifest);
  await fs.writeFile(path.join(indexDir, "CURRENT"), `${generation}\nmanifest sha256:${sha256(manifest)}\n`);
  return generation;
}

function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}
