import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponentWithCustomId } from "discord.js";
import { FEEDBACK_CUSTOM_ID_PREFIX, FeedbackCustomId, type FeedbackVerdict } from "./payloads.js";
import { DISCORD_CUSTOM_ID_MAX } from "./limits.js";
import { StillNeedHelp } from "../../knowledge/escalation/escalation-options.js";

export type FeedbackRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

function feedbackCustomId(verdict: FeedbackVerdict, answerId: string): string {
  return `${FEEDBACK_CUSTOM_ID_PREFIX}:${verdict}:${answerId}`;
}

/** 👍/👎 for one answer, and "Still need help?" when `escalate`; undefined when the answerId would not fit in a custom_id. */
export function feedbackRow(answerId: string, options: { escalate?: boolean } = {}): FeedbackRow | undefined {
  const up = feedbackCustomId("up", answerId);
  const down = feedbackCustomId("down", answerId);
  if (up.length > DISCORD_CUSTOM_ID_MAX || down.length > DISCORD_CUSTOM_ID_MAX) return undefined;
  return {
    type: ComponentType.ActionRow,
    components: [
      { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: up, emoji: { name: "👍" }, label: "Helpful" },
      { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: down, emoji: { name: "👎" }, label: "Not helpful" },
      ...(options.escalate && escalateCustomId(answerId).length <= DISCORD_CUSTOM_ID_MAX
        ? [{ type: ComponentType.Button as const, style: ButtonStyle.Primary as const, custom_id: escalateCustomId(answerId), label: StillNeedHelp.label }]
        : []),
    ],
  };
}

/** The verdict and answer behind a clicked button, or undefined for a button that is not ours. */
export function parseFeedbackCustomId(customId: string): { verdict: FeedbackVerdict; answerId: string } | undefined {
  const parsed = FeedbackCustomId.safeParse(customId);
  return parsed.success ? parsed.data : undefined;
}

const ESCALATE_PREFIX = `${StillNeedHelp.actionId}:`;

/** `citebot_escalate:<answerId>` on the "Still need help?" button. */
export function escalateCustomId(answerId: string): string {
  return `${ESCALATE_PREFIX}${answerId}`;
}

/** The answer behind a "Still need help?" custom_id; undefined for any other button. */
export function parseEscalateCustomId(customId: string): string | undefined {
  return customId.startsWith(ESCALATE_PREFIX) && customId.length > ESCALATE_PREFIX.length ? customId.slice(ESCALATE_PREFIX.length) : undefined;
}
