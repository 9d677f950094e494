import { Assistant } from "@slack/bolt";
import { ABANDONED, RESTARTING } from "../../chat/restart-notices.js";
import { deliveryBudget } from "../../chat/retry.js";
import { deliverReply } from "./send.js";
import type { Topic } from "../../engine/answer.js";
import { bestEffort } from "./best-effort.js";
import { textMessage } from "./blocks.js";
import type { SlackListenerContext } from "./listener-context.js";
import { SLACK_SUGGESTED_PROMPTS_MAX } from "./limits.js";
import { routeMessage } from "./routing.js";
import { slackTextToPlain } from "./incoming-text.js";
import { MessageEvent, parsePayload } from "./payloads.js";
import { type SlackThread, answerInThread } from "./stream-reply.js";

const GREETING = "Hi! Ask me anything about our docs and I'll answer with links to the exact sections.";
const THINKING = "is searching the docs…";
const PROMPT_TITLE_MAX = 60;

/** Slack's AI-app pane: suggested prompts on open, a status while thinking, answers in the pane's thread. */
export function createAssistant(shared: SlackListenerContext): Assistant {
  const log = shared.logger.child({ component: "slack-assistant" });
  return new Assistant({
    threadStarted: async ({ say, setSuggestedPrompts }) => {
      await bestEffort(() => say(GREETING), log, "could not greet in the assistant pane");
      await bestEffort(() => setSuggestedPrompts({ title: "Try asking", prompts: suggestedPrompts(shared.topics()) }), log, "could not set suggested prompts");
    },
    userMessage: async ({ message, say, setStatus, context, client }) => {
      const parsed = parsePayload(MessageEvent, message, "assistant message", log);
      if (!parsed) return;
      const route = routeMessage(parsed, {
        allowDms: shared.settings.allowDms,
        threadFollowups: shared.settings.threadFollowups,
        allowedChannels: shared.settings.allowedChannels,
        botUserId: context.botUserId,
        botId: context.botId,
        isActiveThread: shared.conversation.knowsThread,
      });
      if (route.action === "ignore") {
        log.debug({ reason: route.reason, ts: parsed.ts }, "slack message ignored");
        return;
      }
      if (route.action === "refuse") {
        await bestEffort(() => say(textMessage(`I don't answer direct messages here. Mention me in a channel, or use \`${shared.settings.command}\`.`)), log, "could not refuse a DM");
        return;
      }
      const target = route.target;
      if (shared.drain.draining) {
        await deliverReply((message) => say(message), RESTARTING, {}, log, deliveryBudget(5_000));
        return;
      }
      const work = async () => {
        await bestEffort(() => setStatus(THINKING), log, "could not set the assistant status");
        const thread: SlackThread = {
          post: (message) => say(message),
          update: (ts, message) => client.chat.update({ channel: target.channel, ts, ...message }),
          remove: (ts) => client.chat.delete({ channel: target.channel, ts }),
        };
        const incoming = {
          platform: "slack" as const,
          userId: target.userId,
          channelId: target.channel,
          threadKey: target.threadKey,
          text: slackTextToPlain(parsed.text, context.botUserId),
          isDirect: true,
        };
        await answerInThread(thread, (options) => shared.conversation.handle(incoming, options), log, shared.settings.deliveryRetryMs);
        // Slack clears the status when the app replies; this covers a reply that failed to post.
        await bestEffort(() => setStatus(""), log, "could not clear the assistant status");
      };
      await shared.drain.track(work(), () => deliverReply((message) => say(message), ABANDONED, {}, log, deliveryBudget(5_000)));
    },
  });
}

/** Up to four prompts: one per document the corpus covers, then "what do you know?". */
export function suggestedPrompts(topics: Topic[]): Array<{ title: string; message: string }> {
  const fromTopics = topics.slice(0, SLACK_SUGGESTED_PROMPTS_MAX - 1).map((topic) => {
    const title = topic.title.length > PROMPT_TITLE_MAX ? `${topic.title.slice(0, PROMPT_TITLE_MAX - 1)}…` : topic.title;
    return { title, message: `What are the key points of "${topic.title}"?` };
  });
  return [...fromTopics, { title: "What can you answer?", message: "help" }];
}
