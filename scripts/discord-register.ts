import "../src/load-env.js";
import { runDiscordRegister } from "../src/cli/discord-register.js";

process.exitCode = await runDiscordRegister(process.argv.slice(2), {
  env: process.env,
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
