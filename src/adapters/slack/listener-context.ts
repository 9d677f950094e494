import type { Conversation } from "../../chat/conversation.js";
import type { Drain } from "../../chat/drain.js";
import type { FeedbackStore } from "../../chat/feedback-store.js";
import type { Topic } from "../../engine/answer.js";
import type { Logger } from "../../logger.js";
import type { SlackOptions } from "./bot.js";

/** What every listener needs; built once by `createSlackBot`. */
export interface SlackListenerContext {
  settings: Required<SlackOptions>;
  conversation: Conversation;
  feedback: FeedbackStore;
  logger: Logger;
  topics: () => Topic[];
  /** Work still running after Slack was acked, so a stop can let it finish or tell its asker; and whether a stop began. */
  drain: Drain;
  /** ESCALATION_SLACK_CHANNEL: replies in its threads are the experts' answers, recorded, never questions for citebot. */
  expertChannelId?: string;
}
