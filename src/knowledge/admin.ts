import type { Platform } from "../store/records.js";

/** Who gets the knowledge loop's reports, and when. */
export interface AdminOptions {
  /** ADMIN_CHANNEL: where the weekly digest and stale-answer alerts are posted, per platform. */
  channels: { slack?: string; discord?: string };
  /** ADMIN_USERS: who may ask `/ask gaps`. */
  users: readonly string[];
  /** GAP_DIGEST and GAP_DIGEST_AT (UTC). */
  digest: { weekly: boolean; weekday: number; hour: number; minute: number };
  /** STALE_ALERTS_TO_ADMIN */
  staleAlerts: boolean;
}


/** ADMIN_USERS entries are bare ids (`U0123`, `123…`) or platform-prefixed (`slack:U0123`, `discord:123…`). */
export function isAdminUser(users: readonly string[], platform: Platform, userId: string): boolean {
  return users.some((entry) => entry === userId || entry === `${platform}:${userId}`);
}

/** `/ask gaps` (and `@citebot gaps`): the text that asks for the gap report rather than asking a question. */
export function asksForGaps(text: string): boolean {
  return /^\s*gaps\s*$/i.test(text);
}

/** The next digest time after `now`, in UTC. */
export function nextDigestAt(now: Date, digest: AdminOptions["digest"]): Date {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), digest.hour, digest.minute));
  next.setUTCDate(next.getUTCDate() + ((digest.weekday - next.getUTCDay() + 7) % 7));
  if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 7);
  return next;
}

/**
 * The key one replica claims (store.events.claim(key, DIGEST_CLAIM_TTL_MS)) before posting the digest due at
 * `due`: every replica's timer fires, exactly one posts.
 */
export function digestClaimKey(due: Date): string {
  return `gap-digest:${due.toISOString().slice(0, 16)}`;
}

/** Longer than the week between digests, so a claim outlives every replica's timer for its slot. */
export const DIGEST_CLAIM_TTL_MS = 8 * 24 * 60 * 60 * 1_000;
