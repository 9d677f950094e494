import type { Refusal } from "./answer.js";
import type { LexicalIndex } from "../index/lexical.js";
import type { Selection } from "./compose.js";
import type { Question } from "./question.js";
import { share, squash, termWeights } from "./retrieve.js";

/** Why the evidence did not support an answer (Answer.refusal adds the inputs that were no question at all). */
export type RefusalReason = Exclude<Refusal, "not-a-question" | "out-of-scope">;

export interface Support {
  grounded: boolean;
  reason?: RefusalReason;
  /** The evidence, for logs and tuning. */
  evidence: { similarity: number; coverage: number; vocabulary: number; nameMatch: number };
}

/** Below this share (idf-weighted) of its words known to the corpus, a question is about something else. */
const MIN_VOCABULARY = 0.2;
/** "Which version…", "what release…": only a version number ("4.2", "v18", "3.x", "Node.js 20") answers it. */
const VERSION_ASKED = /\b(?:which|what) (?:\S+ )?(?:version|release)\b/i;
const VERSION_TEXT = /\bv?\d+\.(?:\d+|x)\b|\bv\d+\b|\b(?:version|release) \d+\b/i;
/** A name and a whole number ("Node.js 20", "Python 3"), not a duration or a share. */
const NAMED_VERSION = /\b\p{Lu}[\p{L}.]*\s+\d+\b(?!\s*(?:years?|months?|weeks?|days?|hours?|%|percent))/u;
const FIGURE_TEXT = /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|fifty|hundreds?|thousands?|millions?|billions?|dozens?|half|twice|double|triple)\b/i;
/** How much the best unit's share of the question's words adds to its similarity. */
const COVERAGE_WEIGHT = 0.35;

/**
 * Whether the selected units support an answer. A question that names something the corpus never mentions
 * ("how did Shopify scale Rails?") is refused, and so is one whose named subjects the quoted sections are
 * not about: a fact about X comes only from a passage about X. Otherwise the best unit's similarity and its
 * share of the question's words must clear MIN_EVIDENCE together.
 */
export function judgeSupport(question: Question, selection: Selection, lexical: Pick<LexicalIndex, "idf" | "knows">, minEvidence: number, inDocument: (source: string, name: string) => boolean = () => false, commonNames: ReadonlySet<string> = new Set()): Support {
  const weights = termWeights(question.terms, lexical as LexicalIndex);
  const vocabulary = share(weights, (term) => lexical.knows(term));
  const best = selection.best;
  const evidence = { similarity: best?.similarity ?? 0, coverage: Math.min(1, best?.coverage ?? 0), vocabulary, nameMatch: best?.passage.nameMatch ?? 0 };
  if (!best || selection.units.length === 0) return { grounded: false, reason: "weak", evidence };
  if (question.unknownNames.length > 0) return { grounded: false, reason: "unknown-name", evidence };
  const quoted = [...new Set(selection.units.map((unit) => unit.passage))];
  const about = (name: string) => quoted.some((passage) => squash(`${passage.chunk.section} ${passage.chunk.text}`).includes(squash(name)) || inDocument(passage.chunk.source, name));
  if (!question.names.filter((name) => !commonNames.has(name)).every(about)) return { grounded: false, reason: "name-not-covered", evidence };
  // "How much did X pay?" is answered by a figure: sections without one hold a neighbour's facts, not the answer.
  if (question.wantsFigure && !quoted.some((passage) => FIGURE_TEXT.test(passage.chunk.text))) return { grounded: false, reason: "no-figure", evidence };
  if (VERSION_ASKED.test(question.text) && !quoted.some((passage) => VERSION_TEXT.test(passage.chunk.text) || NAMED_VERSION.test(passage.chunk.text))) return { grounded: false, reason: "no-figure", evidence };
  if (vocabulary < MIN_VOCABULARY) return { grounded: false, reason: "off-vocabulary", evidence };
  const support = evidence.similarity + COVERAGE_WEIGHT * evidence.coverage;
  return support >= minEvidence ? { grounded: true, evidence } : { grounded: false, reason: "weak", evidence };
}

export function refusalText(related: string[], missing: string[] = []): string {
  const nearest = related.length > 0 ? ` The closest topics I do cover: ${related.map((topic) => `“${topic}”`).join("; ")}.` : "";
  const what = missing.length > 0 ? `the documents I have don't mention ${missing.map((word) => `“${word}”`).join(" or ")}` : "the documents I have don't cover that";
  return `I don't know: ${what}.${nearest} Try rephrasing, or say \`help\` to see what I know.`;
}
