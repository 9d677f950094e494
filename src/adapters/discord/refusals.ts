import { randomBytes } from "node:crypto";
import type { Reply } from "../../chat/reply.js";

/** How many allowed channels a refusal names before it stops listing. */
const CHANNELS_NAMED_MAX = 5;

export type RefusalReason = "dms_disabled" | "channel_not_allowed";

/** The visible answer to a question the settings do not let the bot take. */
export function refusal(reason: RefusalReason, settings: { allowedChannels: readonly string[]; allowDms: boolean }): Reply {
  const { allowedChannels, allowDms } = settings;
  if (reason === "dms_disabled") {
    return { kind: "notice", reason: "not_allowed", text: "I don't answer direct messages here. Mention me in a server channel or use `/ask` there." };
  }
  // <#id> renders as a channel link and never pings.
  const named = allowedChannels.slice(0, CHANNELS_NAMED_MAX).map((id) => `<#${id}>`);
  const more = allowedChannels.length > CHANNELS_NAMED_MAX ? " and a few others" : "";
  return { kind: "notice", reason: "not_allowed", text: `I only answer in ${named.join(", ")}${more}. Ask me there${allowDms ? ", or DM me" : ""}.` };
}

/** Same shape as the conversation's reference ids, so the team searches one format in the logs. */
export function newReferenceId(): string {
  return `E-${randomBytes(4).toString("hex").toUpperCase()}`;
}

/** When the answer itself could not be posted (Discord refused it): a short apology the team can trace. */
export function deliveryApology(referenceId: string): Reply {
  return { kind: "error", referenceId, text: `Sorry, I couldn't post my answer here. The team can look it up with reference ${referenceId}.` };
}
