import { MessageFlags, type ButtonInteraction } from "discord.js";
import type { Conversation } from "../../chat/conversation.js";
import type { EscalationOptions } from "../../knowledge/escalation/escalation-options.js";
import { discordMessageUrl } from "../../knowledge/escalation/expert-post.js";
import type { Logger } from "../../logger.js";
import type { EscalationLog } from "../../store/escalations.js";
import { discordExpertPost } from "./expert-post.js";
import { discordTextToPlain } from "./incoming-text.js";
import type { IncomingDiscordMessage } from "./payloads.js";
import { NO_PINGS } from "./send.js";

/** What "Still need help?" needs: the expert channel (and role) on Discord, and the log that makes a post happen once. */
export interface DiscordEscalation {
  target: NonNullable<EscalationOptions["discord"]>;
  log: EscalationLog;
}


/**
 * The first click on an answer (in any replica: the store decides) posts it to the expert channel, mentioning the
 * configured role and no one else (allowedMentions names that role alone); later clicks are told it is already there.
 */
export async function escalateFromDiscord(interaction: ButtonInteraction, answerId: string, parts: { conversation: Conversation; escalation: DiscordEscalation; logger: Logger }): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const tell = (content: string) => interaction.editReply({ content, allowedMentions: NO_PINGS });
  const recalled = await parts.conversation.recall(answerId);
  if (!recalled) {
    await tell("That answer is too old for me to pass on now. Please ask again, then press “Still need help?” under the new answer.");
    return;
  }
  const { target, log } = parts.escalation;
  const channelId = interaction.channelId ?? recalled.message.channelId;
  try {
    const opened = await log.open({ answerId, platform: "discord", channelId, userId: interaction.user.id, question: recalled.answer.question, expertChannelId: target.channelId });
    if (!opened.created) {
      await tell("This question is already with the experts; they reply in their channel.");
      return;
    }
    const post = discordExpertPost({ question: recalled.answer.question, answer: recalled.answer, threadUrl: discordMessageUrl(interaction.guildId ?? undefined, channelId, interaction.message.id) }, target);
    const channel = await interaction.client.channels.fetch(post.channelId);
    if (!channel?.isSendable()) throw new Error(`ESCALATION_DISCORD_CHANNEL: ${post.channelId} is not a channel the bot can post in`);
    const sent = await channel.send({ content: post.content, embeds: post.embeds, allowedMentions: post.allowedMentions });
    await log.posted(opened.escalation.id, sent.id);
    parts.logger.info({ answerId, escalationId: opened.escalation.id }, "question escalated to the experts");
    await tell("I've passed your question to the experts. Someone will follow up.");
  } catch (error) {
    parts.logger.error({ err: error, answerId }, "could not escalate the question");
    await tell("Sorry, I couldn't reach the experts just now. Please try the button again in a moment.");
  }
}

/**
 * A person's message in the expert channel (or a thread in it) that does not mention citebot is the experts'
 * business, never a question: one under an expert post (a reply to it, or in the thread started on it) is recorded
 * with its escalation. True when the message was the experts' and needs nothing more.
 */
export async function takeExpertReply(message: IncomingDiscordMessage, botUserId: string, escalation: DiscordEscalation, logger: Logger): Promise<boolean> {
  const inExpertChannel = message.channelId === escalation.target.channelId || message.parentId === escalation.target.channelId;
  if (!inExpertChannel || message.mentionsBot || message.authorIsBot || message.webhookId || message.system) return false;
  // A thread started on a message has that message's id.
  const under = message.referencedMessageId ?? (message.channelKind === "thread" ? message.channelId : undefined);
  const text = discordTextToPlain(message.content, botUserId).trim();
  if (!under || !text) return true;
  try {
    const recorded = await escalation.log.recordReply({ platform: "discord", expertChannelId: escalation.target.channelId, expertMessageId: under, userId: message.authorId, text });
    if (recorded) logger.info({ escalationId: recorded.id }, "expert reply recorded");
  } catch (error) {
    logger.warn({ err: error }, "could not record an expert's reply");
  }
  return true;
}
