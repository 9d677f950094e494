import { parseArgs } from "node:util";
import { z } from "zod";
import { loadConfig } from "../../config.js";
import { CitebotError, ErrorCode, isCitebotError } from "../../errors.js";
import { createDiscordRest, describeRegistration, discordCommands, registerCommands } from "./commands.js";
import { Snowflake } from "./payloads.js";

const USAGE = `Usage: npm run discord:register -- [--guild <id> | --global] [--dry-run]

Registers citebot's slash commands (/ask) with Discord.
  --guild <id>  register to this server only (shows up at once); default: DISCORD_GUILD_ID
  --global      register globally even if DISCORD_GUILD_ID is set (can take up to an hour to appear)
  --dry-run     print the command JSON without contacting Discord
Needs DISCORD_TOKEN and DISCORD_APP_ID; DISCORD_API_URL overrides https://discord.com/api.`;

const Flags = z
  .object({
    guild: Snowflake.optional(),
    global: z.boolean().default(false),
    "dry-run": z.boolean().default(false),
    help: z.boolean().default(false),
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
  let flags: z.infer<typeof Flags>;
  try {
    const { values } = parseArgs({
      args: argv,
      options: { guild: { type: "string" }, global: { type: "boolean" }, "dry-run": { type: "boolean" }, help: { type: "boolean", short: "h" } },
      strict: true,
    });
    flags = Flags.parse(values);
  } catch (error) {
    const message = error instanceof z.ZodError ? error.issues.map((issue) => `${issue.path.join(".") || "flags"}: ${issue.message}`).join("; ") : (error as Error).message;
    io.err(`discord:register: ${message}\n\n${USAGE}`);
    return 2;
  }
  if (flags.help) {
    io.out(USAGE);
    return 0;
  }
  if (flags["dry-run"]) {
    io.out(JSON.stringify(discordCommands(), null, 2));
    return 0;
  }
  try {
    const config = loadConfig(io.env);
    if (!config.DISCORD_TOKEN || !config.DISCORD_APP_ID) {
      throw new CitebotError(ErrorCode.ConfigInvalid, "DISCORD_TOKEN and DISCORD_APP_ID: both are needed to register commands (see the README's Discord section)");
    }
    const registration = await registerCommands({
      rest: createDiscordRest(config.DISCORD_TOKEN, config.DISCORD_API_URL),
      applicationId: config.DISCORD_APP_ID,
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
