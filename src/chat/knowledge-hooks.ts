import type { Answer } from "../engine/answer.js";
import type { IncomingMessage } from "./incoming-message.js";
import type { Reply } from "./reply.js";

/** The documents a place may be answered from: its document set's name and filter (AnswerOptions.allowSource). */
export interface PlaceDocuments {
  name: string;
  /** Undefined: every document (no filter is passed to the engine, so the answer cache and the engine pool still serve it). */
  allowSource?: (source: string) => boolean;
}

/** An answered or refused question, as the questions log records it. */
export interface AnsweredQuestion {
  message: IncomingMessage;
  /** The question as asked, after input cleaning. */
  question: string;
  answer: Answer;
  answerId: string;
  /** From the question reaching the conversation to the answer. */
  latencyMs: number;
  documentSet?: string;
}

/**
 * What the knowledge loop adds to a conversation, each optional: the document set of the place a question is asked
 * in, a command answered instead of a question (`gaps` for admins), and a listener told of every answer.
 */
export interface KnowledgeHooks {
  documentsFor?(message: IncomingMessage): PlaceDocuments | undefined;
  /** A reply for text that is a command rather than a question; undefined lets the question be answered. Must not reject. */
  command?(message: IncomingMessage, text: string): Promise<Reply | undefined>;
  /** Called once the answer is ready, before it is sent; must not throw, and must not delay the reply. */
  answered?(entry: AnsweredQuestion): void;
  /** Whether answers in this place carry the "Still need help?" button. */
  offersEscalation?(message: IncomingMessage): boolean;
}
