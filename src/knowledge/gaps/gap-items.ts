import type { Escalation } from "../../store/escalations.js";
import type { StoredFeedback } from "../../store/feedback.js";
import type { LoggedQuestion } from "../../store/questions.js";

/** A section an answer cited, as the gap report names it. */
export interface GapSection {
  source?: string;
  title: string;
  section: string;
}

/**
 * One question the documents served badly, with every sign of it: refused, voted down, weakly supported, or taken
 * to a person. One item per answer, so a question that was both weak and voted down counts once.
 */
export interface GapItem {
  /** As asked: what the report shows. */
  question: string;
  /** As understood: what is clustered (a follow-up folded into its thread reads on its own). */
  text: string;
  at: string;
  answerId?: string;
  refused?: string;
  votedDown: number;
  weak: boolean;
  escalated: boolean;
  /** Replies experts gave in the escalation's thread. */
  expertReplies: string[];
  cited: GapSection[];
}

/** Refusals that are no documentation gap: input that was not a question, or not about the documents. */
const NOT_A_GAP = new Set(["not-a-question", "out-of-scope"]);

export interface GapSources {
  questions: readonly LoggedQuestion[];
  feedback: readonly StoredFeedback[];
  escalations: readonly Escalation[];
}

/** The report's raw material, from the questions log, 👍/👎 and escalations of one period. */
export function collectGapItems(sources: GapSources, options: { weakScore: number }): GapItem[] {
  const items = new Map<string, GapItem>();
  const byAnswer = new Map(sources.questions.flatMap((question) => (question.answerId ? [[question.answerId, question] as const] : [])));
  const item = (key: string, base: () => GapItem) => {
    let found = items.get(key);
    if (!found) {
      found = base();
      items.set(key, found);
    }
    return found;
  };
  const fromLog = (question: LoggedQuestion): GapItem => ({
    question: question.question,
    text: question.understoodAs ?? question.question,
    at: question.at,
    ...(question.answerId ? { answerId: question.answerId } : {}),
    votedDown: 0,
    weak: false,
    escalated: false,
    expertReplies: [],
    cited: question.cited.map(({ source, title, section }) => ({ source, title, section })),
  });

  for (const question of sources.questions) {
    const key = question.answerId ?? `question:${question.id}`;
    if (!question.grounded && !NOT_A_GAP.has(question.refusal ?? "")) item(key, () => fromLog(question)).refused = question.refusal ?? "refused";
    if (question.grounded && question.topScore !== undefined && question.topScore < options.weakScore) item(key, () => fromLog(question)).weak = true;
  }
  for (const vote of sources.feedback) {
    if (vote.verdict !== "down") continue;
    const logged = byAnswer.get(vote.answerId);
    const found = item(vote.answerId, () =>
      logged
        ? fromLog(logged)
        : { question: vote.question, text: vote.question, at: vote.at, answerId: vote.answerId, votedDown: 0, weak: false, escalated: false, expertReplies: [], cited: vote.citations.map(({ title, section }) => ({ title, section })) },
    );
    found.votedDown += 1;
  }
  for (const escalation of sources.escalations) {
    const logged = escalation.answerId ? byAnswer.get(escalation.answerId) : undefined;
    const key = escalation.answerId ?? `escalation:${escalation.id}`;
    const found = item(key, () =>
      logged ? fromLog(logged) : { question: escalation.question, text: escalation.question, at: escalation.at, votedDown: 0, weak: false, escalated: false, expertReplies: [], cited: [] },
    );
    found.escalated = true;
    found.expertReplies.push(...escalation.replies.map((reply) => reply.text));
  }
  return [...items.values()].sort((a, b) => a.at.localeCompare(b.at));
}
