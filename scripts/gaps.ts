import "../src/load-env.js";
import { runGaps } from "../src/knowledge/gaps/gaps-command.js";

process.exitCode = await runGaps(process.argv.slice(2));
