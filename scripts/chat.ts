import "../src/load-env.js";
import { cliLogger, configOrExit, reportFatal, startEngine } from "../src/cli/boot.js";
import { runChat } from "../src/cli/chat.js";

const config = configOrExit();
const logger = cliLogger(config, { quiet: true });
try {
  await runChat(await startEngine(config, logger), config, logger);
} catch (error) {
  process.exitCode = reportFatal(error, logger);
}
