import type { Conversation } from "../../chat/conversation.js";
import type { Drain } from "../../chat/drain.js";
import type { JobIntake } from "../../chat/jobs.js";
import type { Topic } from "../../engine/answer.js";
import type { Logger } from "../../logger.js";
import type { EventClaims } from "../../store/events.js";
import type { FeedbackLog } from "../../store/feedback.js";
import type { SlackOptions } from "./bot.js";

/** What every listener needs; built once by `createSlackBot`. */
export interface SlackListenerContext {
  settings: Required<SlackOptions>;
  conversation: Conversation;
  feedback: FeedbackLog;
  /** Platform events already handled, by this process or another on the store. */
  events: EventClaims;
  /** Questions recorded as durable jobs as they are acknowledged. */
  jobs: JobIntake;
  logger: Logger;
  topics: () => Topic[];
  /** Work still running after Slack was acked, so a stop can let it finish or tell its asker; and whether a stop began. */
  drain: Drain;
  /** ESCALATION_SLACK_CHANNEL: replies in its threads are the experts' answers, recorded, never questions for citebot. */
  expertChannelId?: string;
}
