import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import type { EscalationLog } from "../../store/escalations.js";
import type { FeedbackLog } from "../../store/feedback.js";
import type { QuestionLog } from "../../store/questions.js";
import type { StaleReport } from "../stale/stale-report.js";
import { collectGapItems } from "./gap-items.js";
import { buildGapReport, type GapReport } from "./gap-report.js";
import type { SectionVectors } from "./nearest-sections.js";

export interface GapReportOptions {
  store: { questions: Pick<QuestionLog, "list">; feedback: Pick<FeedbackLog, "list">; escalations: Pick<EscalationLog, "list"> };
  embeddings: EmbeddingsInterface;
  since: Date;
  until: Date;
  /** GAPS_SIMILARITY */
  similarity: number;
  /** GAPS_WEAK_SCORE */
  weakScore: number;
  /** The index in use (LoadedIndex serves), for each cluster's nearest sections; without it there are none. */
  index?: SectionVectors & { generation: string };
  stale?: StaleReport;
  /** QUESTION_LOG: when off, only 👎 and escalations can show, and the report says so. */
  questionLog: boolean;
}

/** The gap report for one period, from what the store holds: `npm run gaps`, the weekly digest and `/ask gaps`. */
export async function gapReportFromStore(options: GapReportOptions): Promise<GapReport> {
  const filter = { since: options.since };
  const questions = await options.store.questions.list(filter);
  const feedback = await options.store.feedback.list(filter);
  const escalations = await options.store.escalations.list(filter);
  const items = collectGapItems({ questions, feedback, escalations }, { weakScore: options.weakScore });
  const notes = [
    ...(options.questionLog ? [] : ["the questions log is off (QUESTION_LOG=off): refused and weakly supported questions are not recorded, only 👎 and escalations"]),
    ...(options.index ? [] : ["no index yet (npm run ingest): clusters have no nearest sections"]),
  ];
  return buildGapReport({ items, questionsAsked: questions.length, since: options.since, until: options.until, embeddings: options.embeddings, similarity: options.similarity, ...(options.index ? { index: options.index } : {}), ...(options.stale ? { stale: options.stale } : {}), notes });
}
