import { EventEmitter } from "node:events";
import { createLogger, type Logger } from "../../src/logger.js";

export interface LogRecord {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** The real pino logger (with its redaction) writing into memory, with a way to await a record. */
export interface CapturedLogger {
  logger: Logger;
  records: LogRecord[];
  /** Every line exactly as pino wrote it, for grepping. */
  raw(): string;
  /** Resolves with the first record from now on that matches. */
  next(matches: (record: LogRecord) => boolean): Promise<LogRecord>;
}

export function captureLogger(level = "debug"): CapturedLogger {
  const events = new EventEmitter();
  const records: LogRecord[] = [];
  const lines: string[] = [];
  const logger = createLogger({
    level,
    destination: {
      write(line: string) {
        lines.push(line);
        const record = JSON.parse(line) as LogRecord;
        records.push(record);
        events.emit("record", record);
      },
    },
  });
  return {
    logger,
    records,
    raw: () => lines.join(""),
    next: (matches) =>
      new Promise((resolve) => {
        const listener = (record: LogRecord) => {
          if (!matches(record)) return;
          events.off("record", listener);
          resolve(record);
        };
        events.on("record", listener);
      }),
  };
}
