// Entry of an engine pool's worker thread. Plain JavaScript, as src/index/embed-worker.js: worker threads do not
// inherit the parent's `--import tsx`, so this registers tsx before loading the TypeScript loop.
import { register } from "tsx/esm/api";

register();
await import("./worker-loop.ts");
