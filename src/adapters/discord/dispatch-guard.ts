import type { Client } from "discord.js";
import type { Logger } from "../../logger.js";
import { type DispatchPacket, dispatchProblem } from "./gateway-payloads.js";

type HandlePacket = (packet?: unknown, shard?: unknown) => boolean;

/**
 * Puts a zod check and a catch in front of discord.js's gateway dispatch handling. discord.js parses each dispatch
 * itself (in `WebSocketManager#handlePacket`, called from its gateway listener) before any of citebot's handlers
 * run, and some malformed ones threw there, surfacing as unhandled rejections. A dispatch of the wrong shape is now
 * dropped with the reason logged; anything discord.js still throws on is logged and dropped too.
 *
 * `handlePacket` is private to discord.js; the check below fails start-up loudly if an upgrade renames it, and
 * test/chaos pins the behaviour through the real client.
 */
export function guardDispatches(client: Client, logger: Logger): void {
  const manager = client.ws as unknown as { handlePacket?: HandlePacket };
  const original = manager.handlePacket;
  if (typeof original !== "function") {
    throw new Error("discord.js no longer has WebSocketManager#handlePacket; update src/adapters/discord/dispatch-guard.ts for this discord.js version");
  }
  let dropped = 0;
  manager.handlePacket = function guardedHandlePacket(this: unknown, packet?: unknown, shard?: unknown): boolean {
    const { t: dispatch, s: sequence } = (packet ?? {}) as Partial<DispatchPacket>;
    if (packet !== undefined) {
      const problem = dispatchProblem(packet);
      if (problem) {
        dropped += 1;
        logger.warn({ dispatch, sequence, reason: problem, dropped }, "dropped a Discord dispatch in an unexpected shape");
        return false;
      }
    }
    try {
      return original.call(this, packet, shard);
    } catch (error) {
      dropped += 1;
      logger.error({ err: error, dispatch, sequence, dropped }, "discord.js could not handle a Discord dispatch; dropped it");
      return false;
    }
  };
}
