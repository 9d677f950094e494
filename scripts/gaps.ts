import "../src/load-env.js";
import { runGaps } from "../src/cli/gaps.js";

process.exitCode = await runGaps(process.argv.slice(2));
