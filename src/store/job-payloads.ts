import { z } from "zod";
import { AnswerContext } from "./records.js";

/** Slack: a slash command's response_url accepts up to 5 responses within 30 minutes of the command. */
export const SLACK_RESPONSE_URL_TTL_MS = 30 * 60 * 1_000;
/** Discord: an interaction token can edit the reply and send follow-ups for 15 minutes. */
export const DISCORD_INTERACTION_TOKEN_TTL_MS = 15 * 60 * 1_000;

/** Where an answer goes. Each kind has its own redelivery rule (see delivery.ts). */
export const DeliveryTarget = z.discriminatedUnion("kind", [
  /** A slash command's response_url. `replaceOriginal`: the ack showed a message that the answer replaces. */
  z.object({ kind: z.literal("slack_response_url"), responseUrl: z.url(), channelId: z.string(), replaceOriginal: z.boolean().default(false) }),
  /** A message in a channel, DM or thread, posted with the job id in its metadata. */
  z.object({ kind: z.literal("slack_message"), channelId: z.string(), threadTs: z.string().optional() }),
  /** A deferred interaction reply: the answer edits the original response (@original). */
  z.object({ kind: z.literal("discord_interaction"), applicationId: z.string(), interactionToken: z.string(), channelId: z.string() }),
  /** A message in a channel or thread, sent with a nonce derived from the job id and enforce_nonce. */
  z.object({ kind: z.literal("discord_message"), channelId: z.string(), replyToMessageId: z.string().optional() }),
]);
export type DeliveryTarget = z.infer<typeof DeliveryTarget>;

/** "Answer this question and deliver it there": everything a process needs to finish a request another one accepted. */
export const AnswerJobPayload = z.object({
  message: AnswerContext,
  target: DeliveryTarget,
  /** When the platform delivered the request (epoch ms): the start of the target's reply window. */
  receivedAt: z.number().int(),
});
export type AnswerJobPayload = z.infer<typeof AnswerJobPayload>;

/** Every job kind and its payload; a new kind (a digest, a replay) adds a line here and needs no migration. */
export const JobPayloads = { answer: AnswerJobPayload } as const;
export type JobKind = keyof typeof JobPayloads;
export type JobPayload<Kind extends JobKind = JobKind> = z.infer<(typeof JobPayloads)[Kind]>;

/** After this the target cannot be posted to; undefined when it never expires. */
export function deliveryDeadline(payload: AnswerJobPayload): number | undefined {
  switch (payload.target.kind) {
    case "slack_response_url":
      return payload.receivedAt + SLACK_RESPONSE_URL_TTL_MS;
    case "discord_interaction":
      return payload.receivedAt + DISCORD_INTERACTION_TOKEN_TTL_MS;
    default:
      return undefined;
  }
}
