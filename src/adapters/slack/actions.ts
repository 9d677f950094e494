import type { App, RespondArguments, RespondFn } from "@slack/bolt";
import type { Answer } from "../../engine/answer.js";
import { ActionId, type Verdict, textMessage, toSlackBlocks } from "./blocks.js";
import { sendApology, slackErrorCode } from "./deliver.js";
import type { SlackDeps } from "./deps.js";
import { ButtonAction, parsePayload } from "./payloads.js";
import { SLASH_THREAD_MARK } from "./slash-command.js";

const EXPIRED = "That answer is too old for me to find now. Please ask again for a fresh one.";

/** 👍/👎 feedback and "Post to channel" buttons. */
export function registerActions(app: App, deps: SlackDeps): void {
  const log = deps.logger.child({ component: "slack-actions" });

  app.action(new RegExp(`^(${ActionId.FeedbackUp}|${ActionId.FeedbackDown})$`), async ({ ack, body, respond }) => {
    await ack();
    const action = parsePayload(ButtonAction, body, "feedback action", log);
    const clicked = action?.actions[0];
    if (!action || !clicked) return;
    const notify = privateNotice(respond);
    const recalled = deps.conversation.recall(clicked.value);
    if (!recalled) {
      await notify(EXPIRED).catch((error: unknown) => log.warn({ err: error }, "could not say the answer expired"));
      return;
    }
    const verdict: Verdict = clicked.action_id === ActionId.FeedbackUp ? "up" : "down";
    const work = async () => {
      try {
        await deps.feedback.record({
          answerId: clicked.value,
          platform: "slack",
          verdict,
          question: recalled.answer.question,
          answer: recalled.answer.answer,
          citations: recalled.answer.citations.map(({ id, title, section, url }) => ({ id, title, section, url })),
          userId: action.user.id,
          channelId: action.channel?.id ?? action.container?.channel_id ?? recalled.message.channelId,
        });
      } catch (error) {
        await sendApology((message) => respond({ response_type: "ephemeral", replace_original: false, ...message }), error, log, "could not store feedback");
        return;
      }
      const isEphemeral = action.container?.is_ephemeral === true;
      const showQuestion = !isEphemeral && recalled.message.threadKey.includes(SLASH_THREAD_MARK);
      const updated = toSlackBlocks(answerReply(recalled.answer, clicked.value), { feedbackGiven: verdict, postToChannel: isEphemeral, showQuestion });
      try {
        await respond({ replace_original: true, ...updated });
      } catch (error) {
        // The feedback is stored; only the thank-you could not replace the buttons.
        log.warn({ err: error }, "could not replace the feedback buttons");
        await notify("Thanks for the feedback!").catch(() => undefined);
      }
    };
    await deps.track(work());
  });

  app.action(ActionId.PostToChannel, async ({ ack, body, respond, client }) => {
    await ack();
    const action = parsePayload(ButtonAction, body, "post-to-channel action", log);
    const clicked = action?.actions[0];
    if (!action || !clicked) return;
    const notify = privateNotice(respond);
    const recalled = deps.conversation.recall(clicked.value);
    if (!recalled) {
      await notify(EXPIRED).catch((error: unknown) => log.warn({ err: error }, "could not say the answer expired"));
      return;
    }
    const channel = action.channel?.id ?? action.container?.channel_id ?? recalled.message.channelId;
    const work = async () => {
      try {
        await client.chat.postMessage({ channel, ...toSlackBlocks(answerReply(recalled.answer, clicked.value), { showQuestion: true }), unfurl_links: false, unfurl_media: false });
      } catch (error) {
        const code = slackErrorCode(error);
        if (code === "not_in_channel" || code === "channel_not_found") {
          log.info({ channel, code }, "cannot post the answer in this channel");
          await notify("I can't post in this channel because I'm not a member. Invite me with `/invite @citebot`, then press the button again.").catch(() => undefined);
          return;
        }
        await sendApology((message) => respond({ response_type: "ephemeral", replace_original: false, ...message }), error, log, "could not post an answer to the channel");
        return;
      }
      await respond({ delete_original: true }).catch((error: unknown) => log.debug({ err: error }, "could not remove the private copy"));
    };
    await deps.track(work());
  });
}

function answerReply(answer: Answer, answerId: string) {
  return { kind: "answer" as const, answer, answerId };
}

/** A message only the clicking user sees, leaving the original message as it was. */
function privateNotice(respond: RespondFn) {
  return (text: string) => respond({ response_type: "ephemeral", replace_original: false, ...textMessage(text) } satisfies RespondArguments);
}
