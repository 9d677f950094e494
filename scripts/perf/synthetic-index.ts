// Writes a synthetic index of N chunks shaped like a real one (see bench/synthetic-index.ts), for start-up measurements.
// Usage: npx tsx scripts/perf/synthetic-index.ts <real index dir> <target dir> <chunks>
import { UseLiteEmbeddings } from "../../src/index/embedder.js";
import { openIndex } from "../../src/index/store.js";
import { writeSyntheticIndex } from "../../bench/synthetic-index.js";

const [realDir, targetDir, count] = process.argv.slice(2);
if (!realDir || !targetDir || !count) throw new Error("usage: synthetic-index.ts <real index dir> <target dir> <chunks>");
const embeddings = new UseLiteEmbeddings();
const summary = await writeSyntheticIndex(targetDir, await openIndex(realDir, embeddings), Number(count), embeddings, 7);
console.log(JSON.stringify(summary));
