import "dotenv/config";
import { runEvalCommand } from "../src/eval/eval-command.js";

process.exitCode = await runEvalCommand(process.argv.slice(2));
