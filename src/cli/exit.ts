import { type Config, loadConfig } from "../config.js";
import { ErrorCode, isCitebotError } from "../errors.js";
import type { Logger } from "../logger.js";

/**
 * How `npm start` and the CLI end, so a process manager can tell "fix the settings" from "restart me". Node itself
 * uses 1 for an uncaught exception and 7 for a handler that threw; 3 and 4 are unused by Node.
 */
export const ExitCode = {
  Ok: 0,
  /** An unexpected failure, or an index that is missing or damaged. */
  Failed: 1,
  /** A setting is missing or malformed (the message names it). */
  SettingsInvalid: 2,
  /** Slack or Discord refused a token, or the app lacks a scope (the message names the setting and the fix). */
  CredentialsRejected: 3,
  /** Stopped by a signal with answers still unfinished at the end of SHUTDOWN_GRACE_MS (their askers were told). */
  AnswersAbandoned: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

function exitCodeFor(error: unknown): ExitCode {
  if (!isCitebotError(error)) return ExitCode.Failed;
  if (error.code === ErrorCode.ConfigInvalid || error.code === ErrorCode.CorpusMissing) return ExitCode.SettingsInvalid;
  if (error.code === ErrorCode.CredentialsRejected) return ExitCode.CredentialsRejected;
  return ExitCode.Failed;
}

/** Settings, or one clear message on stderr and exit code 2. */
export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(ExitCode.SettingsInvalid);
  }
}

/** Prints a CitebotError's message (it says what to do) and returns the exit code for it; anything else is logged with its stack. */
export function reportFatal(error: unknown, logger: Logger): ExitCode {
  if (isCitebotError(error)) {
    process.stderr.write(`citebot: ${error.message}\n`);
    return exitCodeFor(error);
  }
  logger.fatal({ err: error }, "unexpected failure");
  process.stderr.write(`citebot: unexpected failure: ${(error as Error).message ?? String(error)}\n`);
  return ExitCode.Failed;
}
