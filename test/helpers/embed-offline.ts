// Run in a child process (see test/index/embedder.test.ts): embeds one sentence and prints the dimension.
import { UseLiteEmbeddings } from "../../src/index/embedder.js";

const vector = await new UseLiteEmbeddings().embedQuery(process.argv[2] ?? "Does Django scale?");
process.stdout.write(`${vector.length}\n`);
