import "../src/load-env.js";
import { feedbackFile, openFeedbackStore } from "../src/chat/feedback-store.js";
import { configOrExit } from "../src/cli/boot.js";
import { formatFeedbackReport } from "../src/cli/feedback-report.js";

const config = configOrExit();
const records = await openFeedbackStore(feedbackFile(config.DATA_DIR)).all();
process.stdout.write(`${formatFeedbackReport(records)}\n`);
