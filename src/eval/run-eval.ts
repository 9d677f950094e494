import type { Answer, Engine } from "../engine/answer.js";
import { asCitebotError } from "../errors.js";
import { HIT_AT, hitRank, type Expectation } from "./match-citation.js";
import { isOffTopic, type EvalQuestion } from "./questions.js";

/** Why a question did not get the reply it should have. */
export type MissReason = "refused" | "wrong_citations" | "answered_off_topic" | "engine_error";

export interface QuestionOutcome {
  question: string;
  offTopic: boolean;
  tags: string[];
  /** For on-topic questions: the citation a grounded reply must include. */
  expected?: Expectation;
  grounded: boolean;
  passed: boolean;
  /** 1-based position of the first expected citation among the first three; absent when none matched. */
  rank?: number;
  /** 1-based position of the first expected citation among all of them, for telling ordering from retrieval misses. */
  rankAnywhere?: number;
  /** "source › section" of the first three citations. */
  cited: string[];
  /** The nearest topics the engine offered when it refused. */
  related: string[];
  miss?: MissReason;
  error?: string;
}

export interface Miss {
  question: string;
  reason: MissReason;
  /** What a right reply looks like: "source › …section…", or "a refusal". */
  expected: string;
  /** What the engine gave instead. */
  got: string;
}

export interface TagScore {
  total: number;
  passed: number;
}

export interface EvalResult {
  onTopic: number;
  offTopic: number;
  /** On-topic questions answered (grounded) with an expected citation among the first three. */
  hits: number;
  hitAt3: number;
  /** Off-topic questions refused (grounded false). */
  refused: number;
  refusalAccuracy: number;
  /** On-topic questions refused, as a count and as a fraction of on-topic questions. */
  falseRefusalCount: number;
  falseRefusals: number;
  engineErrors: number;
  misses: Miss[];
  byTag: Record<string, TagScore>;
  perQuestion: QuestionOutcome[];
}

/**
 * Asks the engine every question, one at a time so results do not depend on scheduling, and scores
 * citations (on-topic) and refusals (off-topic). An engine error counts against the question, never aborts the run.
 */
export async function runEval(engine: Engine, questions: EvalQuestion[]): Promise<EvalResult> {
  const perQuestion: QuestionOutcome[] = [];
  for (const question of questions) {
    perQuestion.push(await askOne(engine, question));
  }
  return summarise(perQuestion);
}

async function askOne(engine: Engine, question: EvalQuestion): Promise<QuestionOutcome> {
  const expected = isOffTopic(question) ? undefined : { source: question.source, section: question.section };
  const base = { question: question.question, offTopic: isOffTopic(question), tags: question.tags, ...(expected ? { expected } : {}) };
  let answer: Answer;
  try {
    answer = await engine.answer(question.question);
  } catch (error) {
    const failure = asCitebotError(error);
    return { ...base, grounded: false, passed: false, cited: [], related: [], miss: "engine_error", error: `${failure.code}: ${failure.message}` };
  }
  const cited = answer.grounded ? answer.citations.slice(0, HIT_AT).map((citation) => `${citation.source} › ${citation.section}`) : [];
  const outcome = { ...base, grounded: answer.grounded, cited, related: answer.related };
  if (!expected) {
    return answer.grounded ? { ...outcome, passed: false, miss: "answered_off_topic" } : { ...outcome, passed: true };
  }
  if (!answer.grounded) return { ...outcome, passed: false, miss: "refused" };
  const rank = hitRank(answer.citations, expected);
  if (rank !== undefined) return { ...outcome, passed: true, rank, rankAnywhere: rank };
  const rankAnywhere = hitRank(answer.citations, expected, answer.citations.length);
  return { ...outcome, passed: false, miss: "wrong_citations", ...(rankAnywhere ? { rankAnywhere } : {}) };
}

function summarise(perQuestion: QuestionOutcome[]): EvalResult {
  const onTopic = perQuestion.filter((outcome) => !outcome.offTopic);
  const offTopic = perQuestion.filter((outcome) => outcome.offTopic);
  const hits = onTopic.filter((outcome) => outcome.passed).length;
  const refused = offTopic.filter((outcome) => outcome.passed).length;
  const falseRefusalCount = onTopic.filter((outcome) => outcome.miss === "refused").length;
  return {
    onTopic: onTopic.length,
    offTopic: offTopic.length,
    hits,
    hitAt3: fraction(hits, onTopic.length),
    refused,
    refusalAccuracy: fraction(refused, offTopic.length),
    falseRefusalCount,
    falseRefusals: fraction(falseRefusalCount, onTopic.length),
    engineErrors: perQuestion.filter((outcome) => outcome.miss === "engine_error").length,
    misses: perQuestion.flatMap((outcome) => (outcome.miss ? [describeMiss(outcome, outcome.miss)] : [])),
    byTag: scoreByTag(perQuestion),
    perQuestion,
  };
}

function describeMiss(outcome: QuestionOutcome, reason: MissReason): Miss {
  const expected = outcome.expected ? `${outcome.expected.source} › …${outcome.expected.section}…` : "a refusal";
  return { question: outcome.question, reason, expected, got: describeReply(outcome, reason) };
}

function describeReply(outcome: QuestionOutcome, reason: MissReason): string {
  switch (reason) {
    case "engine_error":
      return `error ${outcome.error ?? ""}`.trim();
    case "refused":
      return outcome.related.length > 0 ? `refusal (related: ${outcome.related.join("; ")})` : "refusal";
    case "wrong_citations": {
      const later = outcome.rankAnywhere ? ` (expected section only at [${outcome.rankAnywhere}])` : "";
      return `answer citing ${outcome.cited.join(" | ") || "nothing"}${later}`;
    }
    case "answered_off_topic":
      return `answer citing ${outcome.cited.join(" | ") || "nothing"}`;
  }
}

function scoreByTag(perQuestion: QuestionOutcome[]): Record<string, TagScore> {
  const scores: Record<string, TagScore> = {};
  for (const outcome of perQuestion) {
    for (const tag of [outcome.offTopic ? "off-topic" : "on-topic", ...outcome.tags]) {
      const score = (scores[tag] ??= { total: 0, passed: 0 });
      score.total += 1;
      if (outcome.passed) score.passed += 1;
    }
  }
  return scores;
}

// An empty group scores 0 rather than NaN so the JSON stays numeric; the counts beside it tell the two apart.
function fraction(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}
