import type { App, RespondArguments, RespondFn, types } from "@slack/bolt";
import { deliveryBudget } from "../../chat/retry.js";
import type { Answer } from "../../engine/answer.js";
import type { NewFeedback } from "../../store/feedback.js";
import { ActionId, type Verdict, textMessage, toSlackBlocks } from "./blocks.js";
import { decodeButtonValue } from "./button-value.js";
import { sendApology, slackErrorCode, withSlackRetry } from "./send.js";
import type { SlackListenerContext } from "./listener-context.js";
import { ButtonAction, parsePayload } from "./payloads.js";
import { SLASH_THREAD_MARK } from "./on-command.js";

const EXPIRED = "That answer is too old for me to find now. Please ask again for a fresh one.";
const THANKS: Record<Verdict, string> = { up: "Thanks for the 👍 feedback!", down: "Thanks for the 👎 feedback; it helps us fix the docs." };
/** The block that holds the 👍/👎 buttons (blocks.ts). */
const CONTROLS_BLOCK_ID = "citebot_controls";

type FeedbackEntry = NewFeedback;

/** 👍/👎 feedback and "Post to channel" buttons. */
export function registerActions(app: App, shared: SlackListenerContext): void {
  const log = shared.logger.child({ component: "slack-actions" });

  app.action(new RegExp(`^(${ActionId.FeedbackUp}|${ActionId.FeedbackDown})$`), async ({ ack, body, respond }) => {
    const action = parsePayload(ButtonAction, body, "feedback action", log);
    const clicked = action?.actions[0];
    if (!action || !clicked) {
      await ack();
      return;
    }
    const notify = privateNotice(respond);
    const facts = decodeButtonValue(clicked.value);
    const verdict: Verdict = clicked.action_id === ActionId.FeedbackUp ? "up" : "down";
    const recalled = await shared.conversation.recall(facts.answerId);
    const channelId = action.channel?.id ?? action.container?.channel_id ?? recalled?.message.channelId ?? "";
    const base = { answerId: facts.answerId, platform: "slack" as const, verdict, userId: action.user.id, channelId };
    // After a restart the answer is gone from memory: the button's question and sources and the message's text stand in.
    const restoredAnswer = action.message?.text ?? "";
    const entry: FeedbackEntry | undefined = recalled
      ? { ...base, question: recalled.answer.question, answer: recalled.answer.answer, citations: citationsOf(recalled.answer) }
      : facts.question || restoredAnswer
        ? { ...base, question: facts.question, answer: restoredAnswer, citations: facts.citations, restored: true }
        : undefined;
    if (!entry) {
      await ack();
      await notify(EXPIRED).catch((error: unknown) => log.warn({ err: error }, "could not say the answer expired"));
      return;
    }
    let storeError: unknown;
    try {
      await shared.feedback.record(entry);
    } catch (error) {
      storeError = error ?? new Error("feedback store failed");
    }
    // The vote is on disk before Slack hears it was received, so a crash right after the ack cannot lose it.
    await ack();
    const apologise = (message: { text: string; blocks: types.KnownBlock[] }) => respond({ response_type: "ephemeral", replace_original: false, ...message });
    if (storeError !== undefined) {
      await sendApology(apologise, storeError, log, "could not store feedback");
      return;
    }
    log.info({ answerId: facts.answerId, verdict, restored: entry.restored ?? false }, "feedback recorded");
    const isEphemeral = action.container?.is_ephemeral === true;
    const updated = recalled
      ? toSlackBlocks(answerReply(recalled.answer, facts.answerId), {
          feedbackGiven: verdict,
          postToChannel: isEphemeral,
          showQuestion: !isEphemeral && recalled.message.threadKey.includes(SLASH_THREAD_MARK),
          // A vote keeps "Still need help?" where the message had it.
          escalate: JSON.stringify(action.message?.blocks ?? []).includes(ActionId.Escalate),
        })
      : thankedInPlace(action.message?.blocks, restoredAnswer, verdict);
    const work = async () => {
      try {
        if (!updated) throw new Error("the message the button is on was not sent with the click");
        await withSlackRetry(() => respond({ replace_original: true, ...updated }), Date.now() + 10_000, log, "replacing the feedback buttons");
      } catch (error) {
        // The feedback is stored; only the thank-you could not replace the buttons.
        log.warn({ err: error }, "could not replace the feedback buttons");
        await notify(THANKS[verdict]).catch(() => undefined);
      }
    };
    await shared.drain.track(work());
  });

  app.action(ActionId.PostToChannel, async ({ ack, body, respond, client }) => {
    await ack();
    const action = parsePayload(ButtonAction, body, "post-to-channel action", log);
    const clicked = action?.actions[0];
    if (!action || !clicked) return;
    const notify = privateNotice(respond);
    const { answerId } = decodeButtonValue(clicked.value);
    const recalled = await shared.conversation.recall(answerId);
    if (!recalled) {
      await notify(EXPIRED).catch((error: unknown) => log.warn({ err: error }, "could not say the answer expired"));
      return;
    }
    const channel = action.channel?.id ?? action.container?.channel_id ?? recalled.message.channelId;
    const work = async () => {
      const budget = deliveryBudget(shared.settings.deliveryRetryMs);
      try {
        const message = toSlackBlocks(answerReply(recalled.answer, answerId), { showQuestion: true });
        await withSlackRetry(() => client.chat.postMessage({ channel, ...message, unfurl_links: false, unfurl_media: false }), budget.answerDeadline, log, "posting an answer to the channel");
      } catch (error) {
        const code = slackErrorCode(error);
        if (code === "not_in_channel" || code === "channel_not_found") {
          log.info({ channel, code }, "cannot post the answer in this channel");
          await notify("I can't post in this channel because I'm not a member. Invite me with `/invite @citebot`, then press the button again.").catch(() => undefined);
          return;
        }
        await sendApology((message) => respond({ response_type: "ephemeral", replace_original: false, ...message }), error, log, "could not post an answer to the channel", budget.apologyDeadline);
        return;
      }
      await respond({ delete_original: true }).catch((error: unknown) => log.debug({ err: error }, "could not remove the private copy"));
    };
    await shared.drain.track(work());
  });
}

function answerReply(answer: Answer, answerId: string) {
  return { kind: "answer" as const, answer, answerId };
}

function citationsOf(answer: Answer): NewFeedback["citations"] {
  return answer.citations.map(({ id, title, section, url }) => ({ id, title, section, url }));
}

/** The clicked message as Slack sent it, with its 👍/👎 buttons replaced by a thank-you. */
function thankedInPlace(blocks: Array<{ type: string }> | undefined, text: string, verdict: Verdict): { text: string; blocks: types.KnownBlock[] } | undefined {
  if (!blocks) return undefined;
  const kept = blocks.filter((block) => (block as { block_id?: unknown }).block_id !== CONTROLS_BLOCK_ID) as types.KnownBlock[];
  const thanks: types.ContextBlock = { type: "context", elements: [{ type: "mrkdwn", text: THANKS[verdict] }] };
  return { text: text || THANKS[verdict], blocks: [...kept, thanks] };
}

/** A message only the clicking user sees, leaving the original message as it was. */
function privateNotice(respond: RespondFn) {
  return (text: string) => respond({ response_type: "ephemeral", replace_original: false, ...textMessage(text) } satisfies RespondArguments);
}
