import type { App, RespondArguments } from "@slack/bolt";
import type { EscalationOptions } from "../../knowledge/escalation/escalation-options.js";
import type { EscalationLog } from "../../store/escalations.js";
import { ActionId, textMessage } from "./blocks.js";
import { decodeButtonValue } from "./button-value.js";
import { slackExpertPost } from "./expert-post.js";
import type { SlackListenerContext } from "./listener-context.js";
import { ButtonAction, MessageEvent, parsePayload } from "./payloads.js";
import { slackTextToPlain } from "./incoming-text.js";
import { withSlackRetry } from "./send.js";

/** What "Still need help?" needs: the expert channel (and group) on Slack, and the log that makes a post happen once. */
export interface SlackEscalation {
  target: NonNullable<EscalationOptions["slack"]>;
  log: EscalationLog;
}

/**
 * "Still need help?": the first click on an answer (in any replica: the store decides) posts the question, the
 * answer and its sources to the expert channel, mentioning the configured group and no one else; later clicks are
 * told it is already with the experts.
 */
export function registerEscalation(app: App, shared: SlackListenerContext, escalation: SlackEscalation): void {
  const log = shared.logger.child({ component: "slack-escalation" });
  app.action(ActionId.Escalate, async ({ ack, body, respond, client }) => {
    await ack();
    const action = parsePayload(ButtonAction, body, "escalation action", log);
    const clicked = action?.actions[0];
    if (!action || !clicked) return;
    const notify = (text: string) => respond({ response_type: "ephemeral", replace_original: false, ...textMessage(text) } satisfies RespondArguments).catch((error: unknown) => log.warn({ err: error }, "could not answer the escalation click"));
    const { answerId } = decodeButtonValue(clicked.value);
    const recalled = await shared.conversation.recall(answerId);
    if (!recalled) {
      await notify("That answer is too old for me to pass on now. Please ask again, then press “Still need help?” under the new answer.");
      return;
    }
    const channelId = action.channel?.id ?? action.container?.channel_id ?? recalled.message.channelId;
    const work = async () => {
      try {
        const opened = await escalation.log.open({ answerId, platform: "slack", channelId, userId: action.user.id, question: recalled.answer.question, expertChannelId: escalation.target.channelId });
        if (!opened.created) {
          await notify("This question is already with the experts; they reply in their channel.");
          return;
        }
        const threadUrl = await permalink(client, channelId, action.container?.message_ts);
        const post = slackExpertPost({ question: recalled.answer.question, answer: recalled.answer, ...(threadUrl ? { threadUrl } : {}) }, escalation.target);
        const sent = await withSlackRetry(() => client.chat.postMessage(post), Date.now() + shared.settings.deliveryRetryMs, log, "posting to the expert channel");
        if (sent.ts) await escalation.log.posted(opened.escalation.id, sent.ts);
        log.info({ answerId, escalationId: opened.escalation.id }, "question escalated to the experts");
        await notify("I've passed your question to the experts. Someone will follow up.");
      } catch (error) {
        log.error({ err: error, answerId }, "could not escalate the question");
        await notify("Sorry, I couldn't reach the experts just now. Please try the button again in a moment.");
      }
    };
    await shared.drain.track(work());
  });
}

/** An expert's reply in the thread of an expert post: recorded with the escalation, for the gap report. */
export function registerExpertReplies(app: App, shared: SlackListenerContext, escalation: SlackEscalation): void {
  const log = shared.logger.child({ component: "slack-escalation" });
  app.message(async ({ message, context }) => {
    const reply = parsePayload(MessageEvent, message, "message event", log);
    if (!reply || reply.channel !== escalation.target.channelId || !reply.thread_ts || reply.thread_ts === reply.ts || !reply.user || reply.bot_id || reply.subtype) return;
    if (reply.user === context.botUserId) return;
    const text = slackTextToPlain(reply.text, context.botUserId).trim();
    if (!text) return;
    try {
      const recorded = await escalation.log.recordReply({ platform: "slack", expertChannelId: reply.channel, expertMessageId: reply.thread_ts, userId: reply.user, text });
      if (recorded) log.info({ escalationId: recorded.id }, "expert reply recorded");
    } catch (error) {
      log.warn({ err: error }, "could not record an expert's reply");
    }
  });
}

async function permalink(client: App["client"], channel: string, messageTs: string | undefined): Promise<string | undefined> {
  if (!messageTs) return undefined;
  const found = await client.chat.getPermalink({ channel, message_ts: messageTs }).catch(() => undefined);
  return found?.permalink;
}
