import { ApplicationFlags, GatewayIntentBits } from "discord.js";

/** What the bot always needs: server and channel data, server messages, DMs. */
const BASE_INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages] as const;

/**
 * True when the application may receive message content: the Developer Portal toggle sets one of these
 * flags (LIMITED for unverified apps). Asking for the intent without it gets the gateway closed with
 * 4014 Disallowed intents, so the bot asks only when it is granted.
 */
export function messageContentGranted(applicationFlags: number): boolean {
  return (applicationFlags & (ApplicationFlags.GatewayMessageContent | ApplicationFlags.GatewayMessageContentLimited)) !== 0;
}

export function gatewayIntents(messageContent: boolean): GatewayIntentBits[] {
  return messageContent ? [...BASE_INTENTS, GatewayIntentBits.MessageContent] : [...BASE_INTENTS];
}

/** Logged once at startup when the bot runs without message content. */
export const DEGRADED_MESSAGE_CONTENT =
  "Message Content intent not granted: @mentions, DMs and /ask still work (Discord includes the text of those), " +
  "but follow-ups without an @mention (in threads or as replies to an answer) arrive empty and are not answered. " +
  "Enable it in the Developer Portal › Bot › Privileged Gateway Intents › Message Content Intent, then restart.";
