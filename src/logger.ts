import pino, { type Logger } from "pino";
import pretty from "pino-pretty";

export type { Logger } from "pino";

/** Paths pino must never print: tokens, secrets, keys, wherever they sit in a log object. */
const REDACTED_PATHS = [
  "token",
  "*.token",
  "botToken",
  "*.botToken",
  "appToken",
  "*.appToken",
  "signingSecret",
  "*.signingSecret",
  "apiKey",
  "*.apiKey",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  "config.SLACK_BOT_TOKEN",
  "config.SLACK_APP_TOKEN",
  "config.SLACK_SIGNING_SECRET",
  "config.DISCORD_TOKEN",
  "config.OPENAI_API_KEY",
  "config.DATABASE_URL",
  "SLACK_BOT_TOKEN",
  "SLACK_APP_TOKEN",
  "SLACK_SIGNING_SECRET",
  "DISCORD_TOKEN",
  "OPENAI_API_KEY",
  "DATABASE_URL",
];

/** Token-shaped strings that can slip into free-text messages (errors, URLs). */
// Discord bot tokens are base64(user id) . timestamp . hmac; the id's first digit sets the first letter.
const SECRET_PATTERN = /\b(xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|sk-[A-Za-z0-9_-]{8,}|[A-Za-z\d_-]{23,30}\.[\w-]{6,7}\.[\w-]{27,})\b/g;

export function scrubSecrets(text: string): string {
  return text.replace(SECRET_PATTERN, "[redacted]");
}

export interface LoggerOptions {
  level?: string;
  /** Defaults to stderr so that stdout stays clean for CLI output (`ask --json`). */
  destination?: pino.DestinationStream;
  /** `pretty`: one readable, coloured line per record, for a person at a terminal; `json`: one JSON object per line, for log collectors. */
  format?: "json" | "pretty";
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? "info",
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === "string" ? scrubSecrets(arg) : arg));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
      formatters: {
        log(object) {
          const err = object.err;
          if (err instanceof Error) {
            return { ...object, err: { type: err.name, message: scrubSecrets(err.message), stack: err.stack ? scrubSecrets(err.stack) : undefined, code: (err as { code?: unknown }).code } };
          }
          return object;
        },
      },
    },
    options.format === "pretty" ? prettyLines(options.destination) : (options.destination ?? pino.destination({ fd: 2, sync: true })),
  );
}

/** Human-readable records (on stderr unless given a destination), written synchronously as the JSON ones are, so nothing is lost at exit. */
function prettyLines(destination: pino.DestinationStream | undefined): pino.DestinationStream {
  return pretty({ destination: destination ?? 2, sync: true, colorize: destination === undefined, translateTime: "SYS:HH:MM:ss", ignore: "pid,hostname" });
}

/** A logger that drops everything, for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
