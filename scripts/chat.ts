import "../src/load-env.js";
import { runChatCommand } from "../src/cli/chat.js";

// Exits rather than waiting for the event loop: a stop during the first-run build leaves the build running.
process.exit(await runChatCommand(process.argv.slice(2)));
