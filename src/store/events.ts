import type { StoreEngine } from "./engine.js";

/**
 * How long a handled event id is remembered. Slack retries an unacknowledged event 3 times over about 5 minutes
 * (Events API: retries after ~1 min and ~5 min); Discord delivers an interaction once. A day covers both with room
 * for a slow deploy.
 */
export const HANDLED_EVENT_TTL_MS = 24 * 60 * 60 * 1_000;

/** "Has any process handled this platform event?" answered once, atomically, across every process. */
export interface EventClaims {
  /**
   * True for exactly one caller per key while the claim lasts (`ttlMs`); every other caller, in any process, gets
   * false. Keys are the caller's: e.g. `slack:event:Ev123`, `discord:interaction:1234`.
   */
  claim(eventKey: string, ttlMs?: number): Promise<boolean>;
}

export function createEventClaims(engine: StoreEngine, options: { now: () => number }): EventClaims {
  return {
    async claim(eventKey, ttlMs = HANDLED_EVENT_TTL_MS) {
      const now = options.now();
      // INSERT … ON CONFLICT is one atomic statement on both engines. An expired claim not yet pruned is taken over in
      // the same statement, so expiry does not depend on when pruning last ran.
      const row = await engine.db
        .insertInto("handled_events")
        .values({ event_key: eventKey, claimed_at: now, expires_at: now + ttlMs })
        .onConflict((conflict) =>
          conflict
            .column("event_key")
            .doUpdateSet({ claimed_at: now, expires_at: now + ttlMs })
            .where("handled_events.expires_at", "<=", now),
        )
        .returning("event_key")
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
