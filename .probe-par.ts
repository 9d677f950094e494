import { measureParallelEmbed } from "./src/bench/parallel-embed.js";
import { UseLiteEmbeddings } from "./src/index/embedder.js";
const texts = Array.from({ length: 400 }, (_, i) => `This is sentence number ${i} about Django scaling and web frameworks with some more words ${"x ".repeat(i % 30)}.`);
const e = new UseLiteEmbeddings(); await e.load(); await e.embedDocuments(["warm"]);
let t = performance.now(); await e.embedDocuments(texts); console.log("1 thread in-process", performance.now() - t);
console.log(await measureParallelEmbed(texts, 1));
console.log(await measureParallelEmbed(texts, 2));
