// Worker thread for integrity checks: sha256 of files, one after another, off the thread that answers.
// Plain JavaScript, as embed-worker.js, so it starts the same way under tsx, vitest and plain node.
import { createHash } from "node:crypto";
import fs from "node:fs";
import { parentPort } from "node:worker_threads";

let queue = Promise.resolve();
parentPort.on("message", ({ id, file }) => {
  queue = queue.then(async () => {
    try {
      const hash = createHash("sha256");
      for await (const chunk of fs.createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk);
      parentPort.postMessage({ id, sha256: hash.digest("hex") });
    } catch (error) {
      parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
  });
});
