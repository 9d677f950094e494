import {
  ApplicationIntegrationType,
  InteractionContextType,
  REST,
  Routes,
  SlashCommandBuilder,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import { CitebotError, ErrorCode } from "../../errors.js";
import { DISCORD_STRING_OPTION_MAX } from "./limits.js";
import { RegisteredCommands } from "./payloads.js";
import { explainDiscordError } from "./rest-errors.js";
import { restOptions } from "./rest-options.js";

export const ASK_COMMAND = "ask";
export const ASK_QUESTION_OPTION = "question";
export const ASK_PRIVATE_OPTION = "private";

/** `/ask question:<text> private:<bool>`; the builder checks it against Discord's command rules. */
export function askCommand(): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return new SlashCommandBuilder()
    .setName(ASK_COMMAND)
    .setDescription("Ask a question about the team's documents; the answer cites its sources")
    .addStringOption((option) =>
      option.setName(ASK_QUESTION_OPTION).setDescription("What you want to know").setRequired(true).setMaxLength(DISCORD_STRING_OPTION_MAX),
    )
    .addBooleanOption((option) => option.setName(ASK_PRIVATE_OPTION).setDescription("Only you see the answer (default: everyone in the channel)"))
    // Server channels and DMs with the bot.
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .toJSON();
}

export function discordCommands(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [askCommand()];
}

export interface RegisterOptions {
  rest: REST;
  applicationId: string;
  /** Registers to this server only (visible at once); without it, globally. */
  guildId?: string;
}

export interface Registration {
  scope: "guild" | "global";
  guildId?: string;
  commands: RegisteredCommands;
}

/** Replaces the application's commands (guild or global) with citebot's, in one bulk overwrite. */
export async function registerCommands({ rest, applicationId, guildId }: RegisterOptions): Promise<Registration> {
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  let response: unknown;
  try {
    response = await rest.put(route, { body: discordCommands() });
  } catch (error) {
    throw explainDiscordError(error, { action: "registering slash commands", guildId });
  }
  const parsed = RegisteredCommands.safeParse(response);
  if (!parsed.success) {
    throw new CitebotError(ErrorCode.PlatformPayloadInvalid, `Discord's answer to the command registration was not a command list: ${parsed.error.message}`);
  }
  return guildId ? { scope: "guild", guildId, commands: parsed.data } : { scope: "global", commands: parsed.data };
}

/** By ApplicationCommandOptionType: 3 string, 4 integer, 5 boolean, 10 number. */
const OPTION_PLACEHOLDER: Record<number, string> = { 3: "<text>", 4: "<integer>", 5: "<true|false>", 10: "<number>" };

/** A human summary of a registration, for `npm run discord:register`. */
export function describeRegistration(registration: Registration): string {
  const where =
    registration.scope === "guild"
      ? `to server ${registration.guildId} (usable there right away)`
      : "globally (Discord can take up to an hour to show them everywhere)";
  const lines = registration.commands.map((command) => {
    const options = (command.options ?? []).map((option) => {
      const shown = `${option.name}:${OPTION_PLACEHOLDER[option.type] ?? "<…>"}`;
      return option.required ? shown : `[${shown}]`;
    });
    return `  /${[command.name, ...options].join(" ")}  (id ${command.id})`;
  });
  const count = registration.commands.length;
  return [`Registered ${count} command${count === 1 ? "" : "s"} ${where}:`, ...lines].join("\n");
}

/** A REST client for the bot token; `apiUrl` (DISCORD_API_URL) replaces https://discord.com/api, e.g. for a proxy or a test fake. */
export function createDiscordRest(token: string, apiUrl?: string): REST {
  return new REST(restOptions(apiUrl)).setToken(token);
}
