/**
 * Records unhandled rejections and uncaught exceptions while a suite runs. In production `src/main.ts` logs
 * an unhandled rejection and keeps serving, while an uncaught exception ends the process; tests assert on
 * which of the two, if any, a fault produced.
 */
export interface ProcessFailures {
  unhandledRejections: string[];
  uncaughtExceptions: string[];
  stop(): void;
}

export function watchProcessFailures(): ProcessFailures {
  const failures: ProcessFailures = {
    unhandledRejections: [],
    uncaughtExceptions: [],
    stop: () => {
      process.off("unhandledRejection", onRejection);
      process.off("uncaughtException", onException);
    },
  };
  const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  const onRejection = (reason: unknown) => failures.unhandledRejections.push(describe(reason));
  const onException = (error: unknown) => failures.uncaughtExceptions.push(describe(error));
  process.on("unhandledRejection", onRejection);
  process.on("uncaughtException", onException);
  return failures;
}
