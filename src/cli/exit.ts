import { ErrorCode, isCitebotError } from "../errors.js";

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

export function exitCodeFor(error: unknown): ExitCode {
  if (!isCitebotError(error)) return ExitCode.Failed;
  if (error.code === ErrorCode.ConfigInvalid) return ExitCode.SettingsInvalid;
  if (error.code === ErrorCode.CredentialsRejected) return ExitCode.CredentialsRejected;
  return ExitCode.Failed;
}
