import { runBenchCommand } from "../bench/bench-command.js";

process.exitCode = await runBenchCommand(process.argv.slice(2));
