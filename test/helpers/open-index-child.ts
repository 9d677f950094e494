// Run in a child process (see test/index/open-generation.test.ts): opens an index and prints its chunk count. The
// process has nothing else to keep it alive, as a CLI command or a script would.
import { openIndex } from "../../src/index/store.js";
import { HashedBagOfWords } from "./hashed-embeddings.js";

const loaded = await openIndex(process.argv[2] ?? "", new HashedBagOfWords(), { verify: (process.argv[3] ?? "before-open") as "before-open" | "background" });
process.stdout.write(`opened ${loaded.chunks.length}\n`);
