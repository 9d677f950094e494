import { UseLiteEmbeddings } from "./src/index/embedder.js";
import { openIndex } from "./src/index/store.js";
import { buildLexicalIndex } from "./src/index/lexical.js";
import { retrieve } from "./src/engine/retrieve.js";
const emb = new UseLiteEmbeddings();
const l = await openIndex("data/index", emb);
const lex = buildLexicalIndex(l.chunks);
for (const q of process.argv.slice(2)) {
  const v = await emb.embedQuery(q);
  const d = await l.store.similaritySearchVectorWithScore(v, 8);
  console.log("\n## " + q); console.log("dense:", d.map(([doc, s]) => `${(1 - s).toFixed(2)} ${doc.metadata.section.split(" › ").slice(-1)[0]}`).join(" | "));
  console.log("lex:", lex.search(q, 8).map(h => `${h.score.toFixed(1)} ${l.chunks[h.index]!.section.split(" › ").slice(-1)[0]}`).join(" | "));
  const p = await retrieve({ chunks: l.chunks, chunkVectors: l.chunkVectors, store: l.store, lexical: lex }, q, v, { depth: 20, limit: 6 });
  console.log("fused:", p.map(x => `${x.fused.toFixed(3)} ${x.chunk.section.split(" › ").slice(-1)[0]}`).join(" | "));
}
