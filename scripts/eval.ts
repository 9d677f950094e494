import "dotenv/config";
import { runEvalCommand } from "../eval/harness/eval-command.js";

process.exitCode = await runEvalCommand(process.argv.slice(2));
