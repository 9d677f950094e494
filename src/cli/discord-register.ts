import { z } from "zod";
import { loadConfig } from "../config.js";
import { CitebotError, ErrorCode, isCitebotError } from "../errors.js";
import { Snowflake } from "../adapters/discord/payloads.js";
import { parseFlags } from "./flags.js";

const HELP = {
  name: "discord:register",
  text: `Usage: npm run discord:register -- [--guild <id> | --global] [--dry-run]

Registers citebot's slash command (/ask) with Discord. Run it once after creating the application, and again
after upgrading citebot.

  --guild <id>  register to this server only (shows up at once); default: DISCORD_GUILD_ID
  --global      register globally even if DISCORD_GUILD_ID is set (can take up to an hour to appear)
  --dry-run     print the command JSON without contacting Discord
  -h, --help    this text

Needs DISCORD_TOKEN and DISCORD_APP_ID; DISCORD_API_URL overrides https://discord.com/api.

Example: npm run discord:register -- --guild 123456789012345678`,
};

const Flags = z
  .object({
    guild: Snowflake.optional(),
    global: z.boolean().default(false),
    "dry-run": z.boolean().default(false),
  })
  .refine((flags) => !(flags.guild && flags.global), { message: "use either --guild or --global, not both" });

export interface RegisterIo {
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
  err: (line: string) => void;
}

/**
 * `npm run discord:register`: returns the exit code, as `npm start` does: 0 done, 1 Discord refused or failed,
 * 2 bad flags or settings, 3 Discord rejected the token.
 */
export async function runDiscordRegister(argv: string[], io: RegisterIo): Promise<number> {
  const parsed = parseFlags(argv, { guild: { type: "string" }, global: { type: "boolean" }, "dry-run": { type: "boolean" } }, HELP, { io: { out: io.out, err: io.err } });
  if (!parsed.ok) return parsed.exitCode;
  const checked = Flags.safeParse(parsed.values);
  if (!checked.success) {
    const message = checked.error.issues.map((issue) => `${issue.path.length > 0 ? `--${issue.path.join(".")}` : "flags"}: ${issue.message}`).join("; ");
    io.err(`npm run discord:register: ${message}\n\n${HELP.text}`);
    return 2;
  }
  const flags = checked.data;
  // Loaded only now, so --help and a bad flag answer at once.
  const { createDiscordRest, describeRegistration, discordCommands, registerCommands } = await import("../adapters/discord/commands.js");
  if (flags["dry-run"]) {
    io.out(JSON.stringify(discordCommands(), null, 2));
    return 0;
  }
  try {
    const config = loadConfig(io.env);
    if (!config.DISCORD_TOKEN || !config.DISCORD_APP_ID) {
      throw new CitebotError(ErrorCode.ConfigInvalid, "DISCORD_TOKEN and DISCORD_APP_ID: both are needed to register commands (see docs/discord.md)");
    }
    const { discordConnection } = await import("../app.js");
    const connection = discordConnection(config);
    const registration = await registerCommands({
      rest: createDiscordRest(connection.token, connection.apiUrl),
      applicationId: connection.applicationId,
      guildId: flags.global ? undefined : (flags.guild ?? config.DISCORD_GUILD_ID),
    });
    io.out(describeRegistration(registration));
    return 0;
  } catch (error) {
    io.err(`discord:register: ${error instanceof Error ? error.message : String(error)}`);
    if (!isCitebotError(error)) return 1;
    return error.code === ErrorCode.ConfigInvalid ? 2 : error.code === ErrorCode.CredentialsRejected ? 3 : 1;
  }
}
