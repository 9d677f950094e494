import { newReferenceId } from "../chat/reference-id.js";
import type { Logger } from "../logger.js";

const FAULT_EVENTS = ["unhandledRejection", "uncaughtException"] as const;
type FaultEvent = (typeof FAULT_EVENTS)[number];

export interface ProcessGuard {
  /** Faults logged and survived so far. */
  readonly faults: number;
  /** Handlers other code installed for these events that the guard removed. */
  readonly removed: number;
  stop(): void;
}

/**
 * Makes citebot's handlers the only process-wide ones for unhandled rejections and uncaught exceptions, so one bad
 * input costs one log line, never the bot. A dependency's handler would otherwise win: `@energetic-ai/core`'s
 * WebAssembly backend installs two when the model loads, and both re-throw, which ends the process with exit code 7.
 * Foreign handlers are removed now and whenever one is added later (a model reload installs them again).
 */
export function installProcessGuard(logger: Logger): ProcessGuard {
  let faults = 0;
  let removed = 0;
  const log = logger.child({ component: "process-guard" });
  const onRejection = (reason: unknown) => {
    faults += 1;
    log.error({ err: reason, referenceId: newReferenceId() }, "unhandled rejection; citebot keeps serving");
  };
  const onException = (error: unknown, origin: string) => {
    faults += 1;
    log.error({ err: error, origin, referenceId: newReferenceId() }, "uncaught exception; citebot keeps serving");
  };
  const ours = new Set<unknown>([onRejection, onException]);

  const removeForeign = (event: FaultEvent) => {
    for (const listener of process.listeners(event as "uncaughtException")) {
      if (ours.has(listener)) continue;
      process.removeListener(event, listener);
      removed += 1;
      log.info({ event, handler: listener.name || "anonymous" }, "removed a process-wide handler another package installed");
    }
  };
  // `newListener` fires just before the listener is added, so removal waits for the adding code to finish.
  const onNewListener = (event: string | symbol, listener: unknown) => {
    if ((event === "unhandledRejection" || event === "uncaughtException") && !ours.has(listener)) process.nextTick(() => removeForeign(event));
  };

  process.on("unhandledRejection", onRejection);
  process.on("uncaughtException", onException);
  for (const event of FAULT_EVENTS) removeForeign(event);
  process.on("newListener", onNewListener);
  return {
    get faults() {
      return faults;
    },
    get removed() {
      return removed;
    },
    stop() {
      process.off("newListener", onNewListener);
      process.off("unhandledRejection", onRejection);
      process.off("uncaughtException", onException);
    },
  };
}

