import { runBenchCommand } from "../src/bench/bench-command.js";

process.exitCode = await runBenchCommand(process.argv.slice(2));
