import type { App, Receiver, ReceiverEvent, SocketModeReceiver } from "@slack/bolt";
import type { Logger } from "../../logger.js";
import { checkSlackRequestBody, socketEnvelopeProblem } from "./payloads.js";

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

type MessageListener = (data: string | ArrayBuffer, isBinary: boolean) => Promise<void>;

/**
 * Checks each Socket Mode message before @slack/socket-mode reads it: the library reads `payload.event.type` on
 * every events_api envelope without a guard, so a malformed one threw inside it, before Bolt or the receiver guard
 * ran. A refused envelope is acked when it has an id, and logged. The library subscribes its handler to its own
 * `ws_message` event in its constructor; that one listener is wrapped here.
 */
export function guardSocketMessages(receiver: SocketModeReceiver, logger: Logger): void {
  const client = receiver.client;
  const listeners = client.listeners("ws_message") as MessageListener[];
  const original = listeners[0];
  if (listeners.length !== 1 || !original) {
    throw new Error("@slack/socket-mode no longer has exactly one ws_message handler; update src/adapters/slack/guard-receiver.ts for this version");
  }
  client.removeListener("ws_message", original);
  client.on("ws_message", async (data: string | ArrayBuffer, isBinary: boolean) => {
    if (!isBinary) {
      let message: unknown;
      try {
        message = JSON.parse(typeof data === "string" ? data : new TextDecoder().decode(data));
      } catch {
        message = undefined;
      }
      const problem = message === undefined ? { reason: "not valid JSON" } : socketEnvelopeProblem(message);
      if (problem) {
        logger.warn({ reason: problem.reason }, "refused a Slack request");
        // `send` is how the library acks an envelope itself (its typings mark it private).
        const ack = (client as unknown as { send(envelopeId: string): Promise<void> }).send.bind(client);
        if (problem.envelopeId) await ack(problem.envelopeId).catch((error: unknown) => logger.warn({ err: error }, "could not ack a refused Socket Mode envelope"));
        return;
      }
    }
    await original.call(client, data, isBinary);
  });
}
