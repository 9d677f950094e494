import type { Answer, Engine, Turn } from "../../src/engine/answer.js";
import { asCitebotError } from "../../src/errors.js";
import type { QuestionSet } from "./question-set.js";
import { scoreAnswer, type ChunkLookup, type QuestionScore } from "./score.js";

export interface SetSummary {
  set: string;
  half: string;
  answerable: number;
  unanswerable: number;
  nearMisses: number;
  /** Fractions in 0–1, with the counts they come from. */
  sectionAt3: Ratio;
  allFacts: Ratio;
  verdicts: Ratio;
  refusals: Ratio;
  nearMissRefusals: Ratio;
  falseRefusals: Ratio;
  codeAsProse: Ratio;
  latencyMs: { p50: number; p99: number };
  engineErrors: number;
}

export interface Ratio {
  part: number;
  whole: number;
  value: number;
}

export interface SetResult {
  summary: SetSummary;
  questions: QuestionScore[];
}

/**
 * Asks every question one at a time (follow-ups after their earlier questions, with the answers as history)
 * and scores each. An engine error counts against its question and never aborts the run.
 */
export async function runQuestionSet(engine: Engine, set: QuestionSet, lookup: ChunkLookup): Promise<SetResult> {
  const questions: QuestionScore[] = [];
  let engineErrors = 0;
  for (const question of set.questions) {
    const history: Turn[] = [];
    let answer: Answer | undefined;
    let ms = 0;
    try {
      for (const earlier of question.context ?? []) {
        const previous = await engine.answer(earlier, { history: [...history] });
        history.push({ question: previous.understoodAs ?? earlier, answer: previous.answer, cited: previous.citations.map((citation) => citation.chunkId) });
      }
      const started = performance.now();
      answer = await engine.answer(question.question, { history });
      ms = performance.now() - started;
    } catch (error) {
      engineErrors += 1;
      const failure = asCitebotError(error);
      answer = { question: question.question, answer: `engine error ${failure.code}: ${failure.message}`, grounded: false, citations: [], generator: "extractive", related: [], timings: { embedMs: 0, retrieveMs: 0, composeMs: 0, totalMs: 0 } };
    }
    questions.push(scoreAnswer(question, answer, lookup, ms));
  }
  return { summary: summarise(set, questions, engineErrors), questions };
}

function summarise(set: QuestionSet, questions: QuestionScore[], engineErrors: number): SetSummary {
  const answerable = questions.filter((question) => question.answerable);
  const unanswerable = questions.filter((question) => !question.answerable);
  const nearMisses = unanswerable.filter((question) => question.nearMiss);
  const decisions = answerable.filter((question) => question.expectedVerdict !== undefined);
  const latencies = questions.map((question) => question.ms).filter((ms) => ms > 0).sort((a, b) => a - b);
  return {
    set: set.set,
    half: set.half,
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    nearMisses: nearMisses.length,
    sectionAt3: ratio(answerable.filter((question) => question.sectionAt3).length, answerable.length),
    allFacts: ratio(answerable.filter((question) => question.allFacts).length, answerable.length),
    verdicts: ratio(decisions.filter((question) => question.verdictAgrees).length, decisions.length),
    refusals: ratio(unanswerable.filter((question) => !question.grounded).length, unanswerable.length),
    nearMissRefusals: ratio(nearMisses.filter((question) => !question.grounded).length, nearMisses.length),
    falseRefusals: ratio(answerable.filter((question) => !question.grounded).length, answerable.length),
    codeAsProse: ratio(questions.filter((question) => question.codeAsProse > 0).length, questions.length),
    latencyMs: { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) },
    engineErrors,
  };
}

function ratio(part: number, whole: number): Ratio {
  return { part, whole, value: whole === 0 ? 0 : part / whole };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] ?? 0) * 10) / 10;
}
