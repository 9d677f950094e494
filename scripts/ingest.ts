import "../src/load-env.js";
import { runIngest } from "../src/cli/ingest-command.js";

process.exitCode = await runIngest(process.argv.slice(2));
