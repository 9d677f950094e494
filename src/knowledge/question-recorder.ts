import type { Answer } from "../engine/answer.js";
import { asCitebotError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { LoggedQuestion, NewQuestion, QuestionLog } from "../store/questions.js";
import type { Platform } from "../store/records.js";
import type { SectionHashes } from "./section-hashes.js";

/** Where a question was asked and by whom; the user id is hashed by the store before it is written. */
export interface AskedBy {
  platform: Platform;
  channelId: string;
  userId: string;
}

export interface AnsweredQuestion {
  askedBy: AskedBy;
  /** The question as asked (after mention stripping). */
  question: string;
  answer: Answer;
  /** The conversation's answer id, when the reply carries buttons: joins 👍/👎 and escalations to this entry. */
  answerId?: string;
  /** From receiving the question to the answer, as the asker waited; the engine's own time when absent. */
  latencyMs?: number;
  /** The document set of the place (DocumentSet.name). */
  documentSet?: string;
}

/** Writes each answered or refused question to the questions log, unless QUESTION_LOG is off. */
export interface QuestionRecorder {
  readonly enabled: boolean;
  /** Never rejects: a failing log costs a warning, never the answer. Undefined when off or when it failed. */
  record(entry: AnsweredQuestion): Promise<LoggedQuestion | undefined>;
}

export interface QuestionRecorderOptions {
  log: QuestionLog;
  enabled: boolean;
  /** The index generation answering now: its generation name and its sections' content hashes. */
  sections: () => SectionHashes | undefined;
  logger?: Logger;
}

export function createQuestionRecorder(options: QuestionRecorderOptions): QuestionRecorder {
  return {
    enabled: options.enabled,
    async record(entry) {
      if (!options.enabled) return undefined;
      try {
        return await options.log.record(questionEntry(entry, options.sections()));
      } catch (error) {
        options.logger?.warn({ err: asCitebotError(error) }, "could not record the question in the questions log; the answer was not affected");
        return undefined;
      }
    },
  };
}

/** The log entry for an answered question: what it cited, with each section's content hash in `sections`. */
export function questionEntry(entry: AnsweredQuestion, sections: SectionHashes | undefined): NewQuestion {
  const { answer } = entry;
  const scores = answer.citations.map((citation) => citation.score);
  // One entry per section: an answer may cite the same chunk under two markers.
  const cited = [...new Map(answer.citations.map((citation) => [citation.chunkId, citation])).values()].map((citation) => {
    const contentHash = sections?.hashOf(citation.chunkId);
    return { chunkId: citation.chunkId, source: citation.source, title: citation.title, section: citation.section, ...(contentHash ? { contentHash } : {}) };
  });
  return {
    ...(entry.answerId ? { answerId: entry.answerId } : {}),
    platform: entry.askedBy.platform,
    channelId: entry.askedBy.channelId,
    userId: entry.askedBy.userId,
    question: entry.question,
    ...(answer.understoodAs ? { understoodAs: answer.understoodAs } : {}),
    grounded: answer.grounded,
    ...(answer.grounded ? {} : { refusal: answer.refusal ?? "unknown" }),
    cited,
    ...(scores.length > 0 ? { topScore: Math.max(...scores) } : {}),
    latencyMs: Math.max(0, Math.round(entry.latencyMs ?? answer.timings.totalMs)),
    ...(sections ? { generation: sections.generation } : {}),
    ...(entry.documentSet ? { documentSet: entry.documentSet } : {}),
  };
}
