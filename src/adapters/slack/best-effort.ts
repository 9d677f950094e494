import type { Logger } from "../../logger.js";

/** Runs a Slack call whose failure must not stop the answer (reactions, status, greetings); true when it worked. */
export async function bestEffort(call: () => Promise<unknown>, log: Logger, what: string): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (error) {
    log.warn({ err: error }, what);
    return false;
  }
}
