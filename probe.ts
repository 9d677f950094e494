import { UseLiteEmbeddings } from "./src/index/embedder.js";
import { openEngine } from "./src/engine/engine.js";
import { silentLogger } from "./src/logger.js";
const e = await openEngine("data/index", new UseLiteEmbeddings(), { maxSentences: 5, minEvidence: 0, efSearch: 64 }, silentLogger());
const qs = process.argv.slice(2);
for (const q of qs) { const a = await e.answer(q); console.log("\n### " + q, a.grounded, Math.round(a.timings.totalMs)+"ms"); console.log(a.answer); for (const c of a.citations) console.log(`  [${c.id}] ${c.section} (${c.score})`); }
