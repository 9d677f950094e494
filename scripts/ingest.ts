import "../src/load-env.js";
import { runIngest } from "../src/cli/ingest.js";

process.exitCode = await runIngest(process.argv.slice(2));
