import "../src/load-env.js";
import { runFeedbackCommand } from "../src/cli/feedback-report.js";

process.exitCode = await runFeedbackCommand(process.argv.slice(2));
