import "../src/load-env.js";
import { runAsk } from "../src/cli/ask.js";

process.exitCode = await runAsk(process.argv.slice(2));
