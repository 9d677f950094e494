import { asCitebotError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { EventClaims } from "../store/events.js";

/**
 * True when this process should handle the platform event: no process on the store has claimed it yet. When the
 * store cannot say, the event is handled: a rare double answer beats a question nobody answers.
 */
export async function claimEvent(events: EventClaims, eventKey: string, log: Logger): Promise<boolean> {
  try {
    return await events.claim(eventKey);
  } catch (error) {
    log.warn({ err: asCitebotError(error), eventKey }, "could not check whether another process handled this event; handling it");
    return true;
  }
}
