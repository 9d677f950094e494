import { createHash } from "node:crypto";
import type { DeliveryTarget } from "./job-payloads.js";

/**
 * Where a job's delivery stands, as recorded in its row:
 * - `none`: no attempt has started posting. Posting now cannot double anything.
 * - `posting`: an attempt said it was about to post (and, once known, which message it posted: `handle`), then
 *   its process may have died. Whether the answer is visible is unknown.
 * - `delivered`: the answer is visible. The job is never run again; if completion did not follow (a crash between
 *   the two), the sweep completes it.
 */
export type DeliveryState = "none" | "posting" | "delivered";

/**
 * What a worker that claimed a job must do to make exactly one answer visible:
 * - `post`: post normally (nothing visible yet, or the platform itself drops a repeat: Discord's enforced nonce).
 * - `edit`: replace the message in `handle` (Slack chat.update, Discord message edit) or the interaction's
 *   @original: editing twice still shows one answer.
 * - `verify`: look in the channel/thread for a bot message whose metadata carries this job id; post only if
 *   there is none (Slack, which has no idempotency key but returns message metadata).
 * - `skip`: the target cannot be checked or edited (an ephemeral slash-command reply); a previous attempt may
 *   have shown the answer, so complete the job without posting: at most once, logged as uncertain.
 */
export type DeliveryStep = "post" | "edit" | "verify" | "skip";

/**
 * The redelivery rule per target. At-least-once where a repeat is harmless (edits, nonces) or checkable
 * (metadata), at-most-once where it is neither: a duplicated answer in a channel is worse than an ephemeral reply
 * lost to a crash inside the one HTTP call that posts it.
 */
export function nextDeliveryStep(target: DeliveryTarget, state: DeliveryState, handle: string | undefined): DeliveryStep {
  if (state === "none") return "post";
  if (state === "delivered") return "skip";
  if (handle !== undefined) return "edit";
  switch (target.kind) {
    case "discord_interaction":
      return "edit";
    case "discord_message":
      return "post";
    case "slack_message":
      return "verify";
    case "slack_response_url":
      return target.replaceOriginal ? "post" : "skip";
  }
}

/** Discord drops a second message with the same nonce (with enforce_nonce) for a few minutes: 25 characters at most. */
export const DISCORD_NONCE_MAX = 25;

/** The nonce every attempt at delivering this job sends to Discord. */
export function discordNonce(jobId: string): string {
  return createHash("sha256").update(jobId).digest("base64url").slice(0, DISCORD_NONCE_MAX);
}

/** Slack message metadata that marks a post as this job's answer, for the `verify` step. */
export function slackJobMetadata(jobId: string): { event_type: string; event_payload: { job_id: string } } {
  return { event_type: "citebot_answer", event_payload: { job_id: jobId } };
}
