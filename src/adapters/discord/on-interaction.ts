import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction, type Interaction } from "discord.js";
import type { Conversation } from "../../chat/conversation.js";
import { createLiveMessage } from "../../chat/live-message.js";
import type { Drain } from "../../chat/drain.js";
import type { IncomingMessage } from "../../chat/incoming-message.js";
import type { JobIntake } from "../../chat/jobs.js";
import { claimEvent } from "../../chat/claim-event.js";
import { ABANDONED, RESTARTING } from "../../chat/restart-notices.js";
import { deliveryBudget } from "../../chat/retry.js";
import type { Reply } from "../../chat/reply.js";
import type { Logger } from "../../logger.js";
import type { EventClaims } from "../../store/events.js";
import type { FeedbackLog, NewFeedback } from "../../store/feedback.js";
import { ASK_COMMAND, ASK_PRIVATE_OPTION, ASK_QUESTION_OPTION } from "./commands.js";
import { toDiscordMessages } from "./embeds.js";
import { parseEscalateCustomId, parseFeedbackCustomId } from "./feedback-buttons.js";
import { type DiscordEscalation, escalateFromDiscord } from "./on-escalate.js";
import { AskCommand, type FeedbackVerdict } from "./payloads.js";
import { deliveryApology, newReferenceId, refusal } from "./refusals.js";
import { channelAllowed, type RoutingSettings } from "./routing.js";
import { DISCORD_PARTIAL_EDIT_INTERVAL_MS, partialMessage } from "./partial-message.js";
import { restoreAnswer } from "./restore-feedback.js";
import { discordTextToPlain } from "./incoming-text.js";
import { NO_PINGS, completeDeferred, editDeferred } from "./send.js";

export interface InteractionHandlerOptions {
  conversation: Conversation;
  feedback: FeedbackLog;
  /** Interaction ids already handled, by this process or another on the store. */
  events: EventClaims;
  /** Records each /ask as a durable job before it is acknowledged. */
  jobs: JobIntake;
  logger: Logger;
  settings: Pick<RoutingSettings, "allowedChannels" | "allowDms">;
  drain: Drain;
  /** DELIVERY_RETRY_MS: how long a reply may keep retrying through an outage. */
  deliveryRetryMs: number;
  /** ESCALATION with an expert channel on Discord: handles "Still need help?". */
  escalation?: DiscordEscalation;
}

const THANKS: Record<FeedbackVerdict, string> = {
  up: "Thanks for the 👍 feedback!",
  down: "Thanks for the 👎 feedback; it helps us fix the docs.",
};

/** Handles `/ask` and the feedback buttons; never rejects, and every click or command gets a visible response. */
export function createInteractionHandler(options: InteractionHandlerOptions): (interaction: Interaction) => Promise<void> {
  const { conversation, feedback, events, jobs, settings, drain } = options;

  async function onAsk(interaction: ChatInputCommandInteraction, log: Logger): Promise<void> {
    const channel = interaction.channel;
    const parsed = AskCommand.safeParse({
      interactionId: interaction.id,
      userId: interaction.user.id,
      channelId: interaction.channelId,
      guildId: interaction.guildId,
      parentId: channel?.isThread() ? channel.parentId : null,
      question: interaction.options.getString(ASK_QUESTION_OPTION),
      private: interaction.options.getBoolean(ASK_PRIVATE_OPTION),
    });
    if (!parsed.success) {
      const referenceId = newReferenceId();
      log.warn({ issues: parsed.error.issues, referenceId }, "an /ask arrived in an unexpected shape");
      await sendEphemeral(interaction, deliveryApology(referenceId));
      return;
    }
    const ask = parsed.data;
    const isDirect = ask.guildId === null;
    if (isDirect ? !settings.allowDms : !channelAllowed(settings.allowedChannels, ask.channelId, ask.parentId)) {
      await sendEphemeral(interaction, refusal(isDirect ? "dms_disabled" : "channel_not_allowed", settings));
      return;
    }
    if (drain.draining) {
      log.info("told the asker the bot is restarting");
      await sendEphemeral(interaction, RESTARTING);
      return;
    }
    const question: IncomingMessage = {
      platform: "discord",
      userId: ask.userId,
      channelId: ask.channelId,
      // A DM is one running conversation; in a server each /ask stands alone.
      threadKey: isDirect ? ask.channelId : `${ask.channelId}:${ask.interactionId}`,
      text: discordTextToPlain(ask.question, interaction.client.user.id),
      isDirect,
      ...(ask.guildId ? { guildId: ask.guildId } : {}),
      ...(ask.parentId ? { parentChannelId: ask.parentId } : {}),
    };
    // Recorded before the deferral acknowledges it: a crash after that cannot lose the question.
    const delivered = await jobs.accept(`discord:interaction:${interaction.id}`, {
      message: question,
      target: { kind: "discord_interaction", applicationId: interaction.applicationId, interactionToken: interaction.token, channelId: ask.channelId },
      receivedAt: Date.now(),
    });
    // Discord drops an interaction not acknowledged within 3 s; answering can take longer.
    await interaction.deferReply(ask.private ? { flags: MessageFlags.Ephemeral } : {});
    await drain.track(answerAsk(interaction, ask, question, delivered, log), () =>
      editDeferred(interaction, toDiscordMessages(ABANDONED)[0] ?? { embeds: [], components: [] }, { deadline: Date.now() + 5_000, logger: log }),
    );
  }

  async function answerAsk(interaction: ChatInputCommandInteraction, ask: AskCommand, question: IncomingMessage, delivered: () => Promise<void>, log: Logger): Promise<void> {
    // While an LLM writes the answer, its text so far fills the deferred reply until the final answer replaces it.
    const live = createLiveMessage<true>(
      {
        post: async (text) => {
          await editDeferred(interaction, partialMessage(text));
          return true;
        },
        edit: (_, text) => editDeferred(interaction, partialMessage(text)),
      },
      { minIntervalMs: DISCORD_PARTIAL_EDIT_INTERVAL_MS, logger: log },
    );
    const reply = await conversation.handle(question, { onPartial: live.show }).finally(() => live.close());
    const budget = deliveryBudget(options.deliveryRetryMs);
    try {
      await completeDeferred(interaction, toDiscordMessages(reply, { showQuestion: true }), ask.private, { deadline: budget.answerDeadline, logger: log });
    } catch (error) {
      const referenceId = newReferenceId();
      log.error({ err: error, referenceId }, "could not post the /ask answer");
      await completeDeferred(interaction, toDiscordMessages(deliveryApology(referenceId)), ask.private, { deadline: budget.apologyDeadline, logger: log });
    }
    await delivered();
  }

  async function onFeedback(interaction: ButtonInteraction, verdict: FeedbackVerdict, answerId: string, log: Logger): Promise<void> {
    const recalled = await conversation.recall(answerId);
    const base = { answerId, platform: "discord" as const, verdict, userId: interaction.user.id, channelId: interaction.channelId ?? recalled?.message.channelId ?? "" };
    let entry: NewFeedback;
    if (recalled) {
      const { answer } = recalled;
      entry = { ...base, question: answer.question, answer: answer.answer, citations: answer.citations.map(({ id, title, section, url }) => ({ id, title, section, url })) };
    } else {
      // After a restart the answer is gone from memory; the message the button is on still shows it.
      entry = { ...base, ...(await restoreAnswer(interaction.message, interaction.client.user.id)), restored: true };
    }
    try {
      // Written before the click is acknowledged (the reply below), so a crash in between cannot lose the vote.
      await feedback.record(entry);
    } catch (error) {
      const referenceId = newReferenceId();
      log.error({ err: error, referenceId, answerId }, "could not store feedback");
      await sendEphemeral(interaction, { kind: "error", referenceId, text: `Sorry, I couldn't save your feedback. The team can look it up with reference ${referenceId}.` });
      return;
    }
    log.info({ answerId, verdict, restored: entry.restored ?? false }, "feedback recorded");
    await sendEphemeral(interaction, { kind: "notice", reason: "usage", text: THANKS[verdict] });
  }

  return async function onInteraction(interaction) {
    const log = options.logger.child({ interaction: interaction.id, channel: interaction.channelId });
    try {
      // An interaction can be answered once; when two processes receive it, the one that claims it answers.
      if (!(await claimEvent(events, `discord:interaction:${interaction.id}`, log))) {
        log.debug("interaction already handled by another process");
        return;
      }
      if (interaction.isChatInputCommand() && interaction.commandName === ASK_COMMAND) {
        await onAsk(interaction, log);
        return;
      }
      if (interaction.isButton()) {
        const button = parseFeedbackCustomId(interaction.customId);
        if (button) await onFeedback(interaction, button.verdict, button.answerId, log);
        const escalated = options.escalation ? parseEscalateCustomId(interaction.customId) : undefined;
        if (escalated && options.escalation) await drain.track(escalateFromDiscord(interaction, escalated, { conversation, escalation: options.escalation, logger: log }));
      }
    } catch (error) {
      const referenceId = newReferenceId();
      log.error({ err: error, referenceId }, "could not answer an interaction");
      if (interaction.isRepliable()) {
        const apology = toDiscordMessages(deliveryApology(referenceId))[0];
        const send = interaction.deferred || interaction.replied ? interaction.followUp.bind(interaction) : interaction.reply.bind(interaction);
        await send({ content: apology?.content, allowedMentions: NO_PINGS, flags: MessageFlags.Ephemeral }).catch((again: unknown) =>
          log.error({ err: again, referenceId }, "could not post the apology either"),
        );
      }
    }
  };
}

async function sendEphemeral(interaction: ChatInputCommandInteraction | ButtonInteraction, reply: Reply): Promise<void> {
  const [first] = toDiscordMessages(reply);
  await interaction.reply({ content: first?.content, embeds: first?.embeds, allowedMentions: NO_PINGS, flags: MessageFlags.Ephemeral });
}
