import { DiscordAPIError, HTTPError, RESTJSONErrorCodes } from "discord.js";
import { networkFailure } from "../../chat/retry.js";
import { CitebotError, ErrorCode, asCitebotError } from "../../errors.js";

export interface DiscordErrorContext {
  /** What citebot was doing, e.g. "registering slash commands". */
  action: string;
  guildId?: string;
}

/**
 * Names the setting to fix when Discord refuses a request at startup or registration, so a
 * misconfiguration ends in one clear message instead of a stack trace.
 */
export function explainDiscordError(error: unknown, context: DiscordErrorContext): CitebotError {
  if (error instanceof DiscordAPIError || error instanceof HTTPError) {
    const code = error instanceof DiscordAPIError ? error.code : undefined;
    if (error.status === 401) {
      return new CitebotError(
        ErrorCode.CredentialsRejected,
        `DISCORD_TOKEN: Discord rejected the bot token (401) while ${context.action}; copy a fresh one from the Developer Portal › Bot › Reset Token`,
        { cause: error },
      );
    }
    if (code === RESTJSONErrorCodes.UnknownApplication || (error.status === 404 && /\/applications\//.test(error.url))) {
      return configError(`DISCORD_APP_ID: Discord does not know this application (${error.status}) while ${context.action}; copy the Application ID from the Developer Portal › General Information`, error);
    }
    if (context.guildId && (code === RESTJSONErrorCodes.MissingAccess || error.status === 403)) {
      return configError(
        `DISCORD_GUILD_ID: the bot may not manage commands in server ${context.guildId} (${error.status}); invite it with the applications.commands scope (see docs/discord.md) or unset DISCORD_GUILD_ID to register globally`,
        error,
      );
    }
    return new CitebotError(ErrorCode.Unknown, `Discord answered ${error.status} while ${context.action}: ${error.message}`, { cause: error });
  }
  const network = networkFailure(error);
  if (network) {
    return new CitebotError(ErrorCode.Unknown, `Could not reach Discord (${network}) while ${context.action}; check the network, or DISCORD_API_URL if you set one`, { cause: error });
  }
  return asCitebotError(error);
}

function configError(message: string, cause: unknown): CitebotError {
  return new CitebotError(ErrorCode.ConfigInvalid, message, { cause });
}
