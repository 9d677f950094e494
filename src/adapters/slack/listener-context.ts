import type { Conversation } from "../../chat/conversation.js";
import type { Drain } from "../../chat/drain.js";
import type { FeedbackStore } from "../../chat/feedback-store.js";
import type { Config } from "../../config.js";
import type { Topic } from "../../engine/answer.js";
import type { Logger } from "../../logger.js";

/** The Slack settings the adapter reads; all come from `loadConfig`. */
export type SlackSettings = Pick<
  Config,
  | "SLACK_BOT_TOKEN"
  | "SLACK_APP_TOKEN"
  | "SLACK_SIGNING_SECRET"
  | "SLACK_API_URL"
  | "SLACK_COMMAND"
  | "SLACK_ALLOWED_CHANNELS"
  | "PORT"
  | "ALLOW_DMS"
  | "THREAD_FOLLOWUPS"
  | "DELIVERY_RETRY_MS"
>;

/** What every listener needs; built once by `createSlackApp`. */
export interface SlackDeps {
  config: SlackSettings;
  conversation: Conversation;
  feedback: FeedbackStore;
  logger: Logger;
  topics: () => Topic[];
  /** Work still running after Slack was acked, so a stop can let it finish or tell its asker; and whether a stop began. */
  drain: Drain;
}
