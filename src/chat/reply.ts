import type { Answer } from "../engine/answer.js";

export type NoticeReason = "empty" | "too_long" | "rate_limited" | "usage" | "help" | "not_allowed" | "restarting" | "report" | "busy";

/** Everything `Conversation.handle` can produce; adapters turn each into a visible message. */
export type Reply =
  /** `answerId` keys the answer for feedback buttons (`Conversation.recall`). */
  | { kind: "answer"; answer: Answer; answerId: string; /** Show "Still need help?" under it (ESCALATION). */ escalate?: boolean }
  | { kind: "notice"; reason: NoticeReason; text: string }
  | { kind: "error"; referenceId: string; text: string };
