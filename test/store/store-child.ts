// A second (third, …) process on the same store, for the contract suite's multi-process cases.
// Usage: node --import tsx test/store/store-child.ts '<json Args>'
// Prints "ready" once loaded (and, except for `open`, once the store is open), then waits for "go" on stdin so that
// every child starts its work at the same moment, then prints one line of JSON with its result.
import readline from "node:readline";
import { z } from "zod";
import { openStore } from "../../src/store/open-store.js";

const Args = z.object({
  options: z.object({ databaseUrl: z.string().optional(), dataDir: z.string(), legacyFeedbackFile: z.string().optional() }),
  action: z.enum(["open", "claim-events", "claim-jobs"]),
  keys: z.array(z.string()).default([]),
  concurrency: z.number().int().positive().default(1),
});
type Args = z.infer<typeof Args>;

const args = Args.parse(JSON.parse(process.argv[2] ?? "{}"));
const lines = readline.createInterface({ input: process.stdin });
const go = new Promise<void>((resolve) => lines.on("line", (line) => line.trim() === "go" && resolve()));

async function main(input: Args): Promise<unknown> {
  if (input.action === "open") {
    console.log("ready");
    await go;
    const store = await openStore(input.options);
    await store.close();
    return { schemaVersion: store.schemaVersion, feedbackImport: store.feedbackImport };
  }
  const store = await openStore(input.options);
  console.log("ready");
  await go;
  try {
    if (input.action === "claim-events") {
      const won = await Promise.all(input.keys.map(async (key) => ((await store.events.claim(key)) ? key : undefined)));
      return { won: won.filter(Boolean) };
    }
    // claim-jobs: `concurrency` claim loops at once, each claiming until nothing is left.
    const claimed: string[] = [];
    await Promise.all(
      Array.from({ length: input.concurrency }, async (_, loop) => {
        for (;;) {
          const job = await store.jobs.claim(`child-${process.pid}-${loop}`);
          if (!job) return;
          claimed.push(job.id);
        }
      }),
    );
    return { claimed };
  } finally {
    await store.close();
  }
}

main(args)
  .then((result) => {
    console.log(JSON.stringify(result));
    process.exit(0);
  })
  .catch((error: unknown) => {
    console.log(JSON.stringify({ error: (error as Error).message, code: (error as { code?: string }).code }));
    process.exit(1);
  });
