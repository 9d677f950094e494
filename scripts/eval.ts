import "../src/load-env.js";
import { runEvalCommand } from "../eval/harness/eval-command.js";

process.exitCode = await runEvalCommand(process.argv.slice(2));
