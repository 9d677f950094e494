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


/** Whether the button belongs under answers on `platform`: on, with an expert channel there. */
export function offersEscalation(options: EscalationOptions, platform: "slack" | "discord" | "cli"): boolean {
  return options.enabled && platform !== "cli" && options[platform] !== undefined;
}
