import { LogLevel, type Logger as BoltLogger } from "@slack/bolt";
import type { Logger } from "../../logger.js";

type Level = "debug" | "info" | "warn" | "error";

/** Routes Bolt's and the Web API client's logs into our pino logger, so secrets get the same redaction. */
export function toBoltLogger(logger: Logger): BoltLogger {
  const write = (level: Level) => (...parts: unknown[]) => {
    const err = parts.find((part): part is Error => part instanceof Error);
    const text = parts
      .filter((part) => part !== err)
      .map((part) => (typeof part === "string" ? part : safeJson(part)))
      .join(" ");
    if (err) logger[level]({ err }, text || err.message);
    else logger[level](text);
  };
  return {
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    // The level comes from LOG_LEVEL via pino; Bolt's own level setting is not used.
    setLevel: () => undefined,
    getLevel: () => boltLevel(logger.level),
    setName: () => undefined,
  };
}

function boltLevel(level: string): LogLevel {
  if (level === "debug" || level === "trace") return LogLevel.DEBUG;
  if (level === "info") return LogLevel.INFO;
  if (level === "warn") return LogLevel.WARN;
  return LogLevel.ERROR;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
