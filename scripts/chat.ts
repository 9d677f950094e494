import "../src/load-env.js";
import { runChatCommand } from "../src/cli/chat.js";

process.exitCode = await runChatCommand(process.argv.slice(2));
