import type { AnswerOptions, Engine } from "../../engine/answer.js";
import { asCitebotError } from "../../errors.js";
import type { FeedbackLog, StoredFeedback } from "../../store/feedback.js";
import type { LoggedQuestion, QuestionLog } from "../../store/questions.js";
import type { SectionHashes } from "../section-hashes.js";
import { StaleReport, type ReplayResult, type SectionRef, type StaleAnswer } from "./stale-report.js";

export interface StaleCheckInput {
  /** Answered questions from the log (ungrounded ones are ignored). */
  questions: readonly LoggedQuestion[];
  feedback: readonly StoredFeedback[];
  /** The generation just written (or the one in use). */
  sections: SectionHashes;
  /** An engine on that generation, to replay the 👍 answers; without one, nothing is replayed. */
  engine?: Pick<Engine, "answer">;
  /** 👍 answers replayed at most (STALE_REPLAY_MAX). */
  replayMax: number;
  /** The document set a logged question was answered within, so a replay is scoped as the original was. */
  allowSourceFor?: (documentSet: string | undefined) => AnswerOptions["allowSource"];
}

/** One question however often it was asked (in one document set), and the answer people relied on. */
interface AnsweredQuestion {
  entries: LoggedQuestion[];
  /** The newest 👍 answer, else the newest answer. */
  relied: LoggedQuestion;
  upVotes: number;
  downVotes: number;
}

/**
 * Compares the sections answers cited (by content hash) with `sections`: an answer citing a section whose text has
 * changed or gone is listed, 👍 answers first, then the most asked. Then the 👍 answers are asked again of `engine`
 * and every difference (other sections, refused, failed) is reported beside the ones that held.
 */
export async function checkStaleAnswers(input: StaleCheckInput): Promise<StaleReport> {
  const answered = groupAnswers(input.questions, input.feedback);
  const stale: StaleAnswer[] = [];
  for (const group of answered) {
    const sections = group.relied.cited.flatMap((cited) => {
      const state = input.sections.stateOf(cited);
      return state === "unchanged" ? [] : [{ source: cited.source, title: cited.title, section: cited.section, state }];
    });
    if (sections.length === 0) continue;
    stale.push({
      question: group.relied.question,
      ...(group.relied.understoodAs ? { understoodAs: group.relied.understoodAs } : {}),
      ...(group.relied.documentSet ? { documentSet: group.relied.documentSet } : {}),
      timesAsked: group.entries.length,
      upVotes: group.upVotes,
      downVotes: group.downVotes,
      lastAskedAt: group.entries.at(-1)?.at ?? group.relied.at,
      sections,
    });
  }
  const liked = answered.filter((group) => group.upVotes > 0);
  const replayed = input.engine ? liked.slice(0, input.replayMax) : [];
  const replay: ReplayResult[] = [];
  for (const group of replayed) replay.push(await replayAnswer(group, input));
  return StaleReport.parse({ generation: input.sections.generation, checkedAnswers: answered.length, stale, replay, replaySkipped: liked.length - replayed.length });
}

async function replayAnswer(group: AnsweredQuestion, input: StaleCheckInput): Promise<ReplayResult> {
  const { relied } = group;
  const before = uniqueRefs(relied.cited);
  const base = { question: relied.question, upVotes: group.upVotes, before };
  try {
    const allowSource = input.allowSourceFor?.(relied.documentSet);
    // The question as understood then: a follow-up was folded into its thread, which a replay does not have.
    // Extractive only: the check is about which sections answer, and must not depend on an LLM's mood or bill.
    const answer = await input.engine!.answer(relied.understoodAs ?? relied.question, { extractiveOnly: true, ...(allowSource ? { allowSource } : {}) });
    const after = uniqueRefs(answer.citations);
    if (!answer.grounded) return { ...base, outcome: "no-longer-grounded", after, ...(answer.refusal ? { refusal: answer.refusal } : {}) };
    const same = after.length === before.length && after.every((ref) => before.some((other) => sameSection(ref, other)));
    return { ...base, outcome: same ? "same" : "other-sections", after };
  } catch (error) {
    return { ...base, outcome: "failed", after: [], error: asCitebotError(error).message };
  }
}

function groupAnswers(questions: readonly LoggedQuestion[], feedback: readonly StoredFeedback[]): AnsweredQuestion[] {
  const votes = new Map<string, { up: number; down: number }>();
  for (const vote of feedback) {
    const tally = votes.get(vote.answerId) ?? { up: 0, down: 0 };
    if (vote.verdict === "up") tally.up += 1;
    else tally.down += 1;
    votes.set(vote.answerId, tally);
  }
  const groups = new Map<string, LoggedQuestion[]>();
  for (const question of [...questions].sort((a, b) => a.at.localeCompare(b.at))) {
    if (!question.grounded || question.cited.length === 0) continue;
    const key = `${question.documentSet ?? ""}\u0000${normalise(question.understoodAs ?? question.question)}`;
    const list = groups.get(key) ?? [];
    list.push(question);
    groups.set(key, list);
  }
  const answered = [...groups.values()].map((entries): AnsweredQuestion => {
    const tallies = entries.map((entry) => (entry.answerId ? votes.get(entry.answerId) : undefined) ?? { up: 0, down: 0 });
    const likedAt = tallies.findLastIndex((tally) => tally.up > 0);
    return {
      entries,
      relied: entries[likedAt >= 0 ? likedAt : entries.length - 1] as LoggedQuestion,
      upVotes: tallies.reduce((sum, tally) => sum + tally.up, 0),
      downVotes: tallies.reduce((sum, tally) => sum + tally.down, 0),
    };
  });
  return answered.sort((a, b) => b.upVotes - a.upVotes || b.entries.length - a.entries.length || (b.entries.at(-1)?.at ?? "").localeCompare(a.entries.at(-1)?.at ?? ""));
}

function uniqueRefs(sections: readonly SectionRef[]): SectionRef[] {
  return [...new Map(sections.map(({ source, title, section }) => [`${source}\u0000${section}`, { source, title, section }])).values()];
}

function sameSection(a: SectionRef, b: SectionRef): boolean {
  return a.source === b.source && a.section === b.section;
}

function normalise(question: string): string {
  return question.toLowerCase().replace(/[^\p{Letter}\p{Number}]+/gu, " ").trim();
}

export interface StoredStaleCheckInput extends Omit<StaleCheckInput, "questions" | "feedback"> {
  store: { questions: Pick<QuestionLog, "list">; feedback: Pick<FeedbackLog, "list"> };
  /** Only answers given since then; everything the questions log keeps when absent. */
  since?: Date;
}

/** The check over what the store holds: what `npm run ingest` runs after writing a generation, and `npm run gaps` too. */
export async function checkStaleAnswersInStore(input: StoredStaleCheckInput): Promise<StaleReport> {
  const filter = input.since ? { since: input.since } : {};
  const [questions, feedback] = [await input.store.questions.list({ ...filter, grounded: true }), await input.store.feedback.list(filter)];
  return checkStaleAnswers({ ...input, questions, feedback });
}
