import { asCitebotError } from "../../errors.js";
import type { Logger } from "../../logger.js";
import { type AdminOptions, DIGEST_CLAIM_TTL_MS, digestClaimKey, nextDigestAt } from "../admin.js";

/** A timer, so a test can fire it at once; setTimeout by default (a week is well under its 24.8-day limit). */
export type Schedule = (run: () => Promise<void>, delayMs: number) => { cancel(): void };

export interface GapDigestParts {
  digest: AdminOptions["digest"];
  /** store.events.claim: every replica's timer fires, the one that claims the slot posts. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** The digest text (gapDigestMessage of the last week). */
  message(): Promise<string>;
  /** Posts it to ADMIN_CHANNEL on every platform that has one. */
  post(text: string): Promise<void>;
  logger: Logger;
  now?: () => Date;
  schedule?: Schedule;
}

export interface GapDigest {
  /** The slot the timer waits for. */
  readonly due: Date | undefined;
  stop(): void;
}

const timeout: Schedule = (run, delayMs) => {
  const timer = setTimeout(() => void run(), delayMs);
  timer.unref();
  return { cancel: () => clearTimeout(timer) };
};

/** The weekly gap digest: at GAP_DIGEST_AT each week, one replica (the claim's winner) posts it; a failure waits for next week. */
export function startGapDigest(parts: GapDigestParts): GapDigest {
  const now = parts.now ?? (() => new Date());
  const schedule = parts.schedule ?? timeout;
  let pending: { cancel(): void } | undefined;
  let due: Date | undefined;
  let stopped = false;

  const arm = () => {
    if (stopped) return;
    const slot = nextDigestAt(now(), parts.digest);
    due = slot;
    pending = schedule(() => fire(slot).finally(arm), Math.max(0, slot.getTime() - now().getTime()));
  };
  const fire = async (slot: Date) => {
    try {
      if (!(await parts.claim(digestClaimKey(slot), DIGEST_CLAIM_TTL_MS))) return;
      await parts.post(await parts.message());
      parts.logger.info({ due: slot.toISOString() }, "posted the weekly gap digest");
    } catch (error) {
      parts.logger.warn({ err: asCitebotError(error), due: slot.toISOString() }, "could not post the weekly gap digest; the next one is in a week");
    }
  };

  arm();
  return {
    get due() {
      return due;
    },
    stop() {
      stopped = true;
      pending?.cancel();
    },
  };
}
