import type { Config } from "../../config.js";

/** Where "Still need help?" sends a question, per platform; the mention is the only one citebot ever makes. */
export interface EscalationOptions {
  enabled: boolean;
  slack?: { channelId: string; /** A user group (S…) mentioned in the post. */ groupId?: string };
  discord?: { channelId: string; /** A role mentioned in the post. */ roleId?: string };
}

/** The button under an answer, as both adapters label and identify it. */
export const StillNeedHelp = {
  label: "Still need help?",
  /** Slack action_id and the prefix of Discord's custom_id (`citebot_escalate:<answerId>`). */
  actionId: "citebot_escalate",
} as const;

/** The escalation part of the settings, for the composition root. */
export function escalationOptionsFrom(config: Config): EscalationOptions {
  return {
    enabled: config.ESCALATION,
    ...(config.ESCALATION_SLACK_CHANNEL ? { slack: { channelId: config.ESCALATION_SLACK_CHANNEL, ...(config.ESCALATION_SLACK_GROUP ? { groupId: config.ESCALATION_SLACK_GROUP } : {}) } } : {}),
    ...(config.ESCALATION_DISCORD_CHANNEL ? { discord: { channelId: config.ESCALATION_DISCORD_CHANNEL, ...(config.ESCALATION_DISCORD_ROLE ? { roleId: config.ESCALATION_DISCORD_ROLE } : {}) } } : {}),
  };
}

/** Whether the button belongs under answers on `platform`: on, with an expert channel there. */
export function offersEscalation(options: EscalationOptions, platform: "slack" | "discord" | "cli"): boolean {
  return options.enabled && platform !== "cli" && options[platform] !== undefined;
}
