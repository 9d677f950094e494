import type { App, Receiver, ReceiverEvent } from "@slack/bolt";
import type { Logger } from "../../logger.js";
import { checkSlackRequestBody } from "./payloads.js";

/**
 * A Bolt receiver that hands Bolt only request bodies of a shape citebot handles. In HTTP mode the request gate has
 * already checked them; over Socket Mode this is the edge. A refused body is acked (so Slack does not resend it)
 * and logged with the reason.
 */
export function guardReceiver(inner: Receiver, logger: Logger): Receiver {
  return {
    init(app: App) {
      const guarded = {
        processEvent: async (event: ReceiverEvent) => {
          const checked = checkSlackRequestBody(event.body);
          if (checked.ok) return app.processEvent(event);
          logger.warn({ reason: checked.reason }, "refused a Slack request");
          await event.ack();
        },
      };
      // Bolt's receivers call nothing on the app but processEvent.
      inner.init(guarded as unknown as App);
    },
    start: (...args: unknown[]) => inner.start(...args),
    stop: (...args: unknown[]) => inner.stop(...args),
  };
}
