import { SECTION_SEPARATOR, type Unit } from "../corpus/document.js";
import type { LexicalIndex } from "../index/lexical.js";
import { contentTerms } from "../index/terms.js";
import type { Citation } from "./answer.js";
import type { Question } from "./question.js";
import { headingOf, share, termWeights, type Passage } from "./retrieve.js";
import { verdictOf, type StanceEvidence, type Verdict } from "./verdict.js";

/** One unit of a retrieved section, scored against the question. */
export interface ScoredUnit {
  passage: Passage;
  /** Position in the passage's units. */
  at: number;
  unit: Unit;
  similarity: number;
  coverage: number;
  /** Kind-specific adjustments (numbers for "how much", reasons for "why", …). */
  bonus: number;
  /** The section's score relative to the best section's. */
  passageShare: number;
  score: number;
}

/** Weights of a unit's score; set on the dev halves (`npm run eval`). */
export const UNIT_WEIGHTS = { similarity: 0.25, coverage: 0.35, passage: 0.1 };

/** What one part of a question selected: the units, best first. */
export interface Selection {
  question: Question;
  units: ScoredUnit[];
  best: ScoredUnit | undefined;
  /** Every unit of the sections considered, scored. */
  scored: ScoredUnit[];
}

export interface Composition {
  answer: string;
  citations: Citation[];
  verdict?: Verdict;
}

/** Sections the units of one part may come from, best first. */
const SECTIONS_CONSIDERED = 6;
/** Units below this share of the best unit's score are not quoted. */
const KEEP_SHARE = 0.8;
/** A second section must come this close to the first to be quoted too. */
const SECOND_SECTION_SHARE = 0.85;
/** A list this short is quoted whole when one of its items answers. */
const SHORT_LIST_ITEMS = 7;
/** For "which…?" questions, lists up to this long are quoted whole. */
const WHOLE_LIST_ITEMS = 12;
/** From a longer list, at most this many of its strongest items. */
const LONG_LIST_ITEMS = 4;
/** A section this short (its quotable text, code aside) is quoted whole. */
const SHORT_SECTION_CHARS = 700;
/** From a short section, units down to this share of the best one's score are quoted. */
const SHORT_SECTION_KEEP_SHARE = 0.6;
/** Sections one part of a question may quote. */
const MAX_SECTIONS = 2;
const CODE_LINES = 20;
/** A question word found in the unit's headings rather than the unit counts for this much. */
const HEADING_TERM_SHARE = 0.6;
// Headings that name an API: a call, a dotted or camelCase name, code.
const API_NAME = /[()`]|\w\.\w|[a-z][A-Z]/;

const METADATA = /^(?:sources?|references?|credits?|see also|further reading|related|tags?|categories|posted|updated|author)\s*:/i;
const CAUSAL = /\b(?:because|due to|since|so that|in order to|reasons?|why|result(?:s|ed|ing)? in|led to|leads to|caused?|thanks to|as a result|therefore|motivat\w*|needed|requires?|problems?|issues?|pain|benefits?)\b/i;
const STANCE = /\b(?:not|never|avoid|instead|better|worse|recommend\w*|should|great|excellent|exceptions?|upside|downside|easy|difficult|limit\w*|costly|expensive|risk\w*|worth|critical|garbage|works?|worked)\b/i;
const PROBLEMS = /\b(?:went wrong|go(?:es)? wrong|problems?|issues?|pain ?points?|downsides?|drawbacks?|cons|pitfalls?|gotchas?|struggl\w*|hurt|bit(?:e|ten)? (?:us|them))\b/i;
const PROBLEM_HEADING = /\b(?:pain|problems?|issues?|challenges?|drawbacks?|limitations?|downsides?|pitfalls?|caveats?|gotchas?|trade-?offs?|struggles?|troubleshooting)\b/i;
const CAUSAL_HEADING = /\b(?:why|reasons?|pain|problems?|challenges?|motivation|benefits?|results?|lessons|rationale|trade-?offs?)\b/i;

/** What a section whose own heading holds every word of the question gains on each of its units. */
const OWN_HEADING_BONUS = 0.08;

/** Up to six words, each longer one capitalised, and no verb-like lower-case word: "Scalability & Fault Tolerance". */
function isTitleFragment(text: string): boolean {
  const words = text.replace(/[.:]$/, "").split(/\s+/);
  return words.length <= 6 && words.every((word) => word.length < 4 || /^[\p{Lu}\d]/u.test(word));
}

/** Scores the units of the best sections for one question (or one part of a multi-part question). */
export function selectUnits(question: Question, passages: Passage[], lexical: LexicalIndex, maxUnits: number): Selection {
  const top = passages.slice(0, SECTIONS_CONSIDERED);
  const bestPassage = top[0]?.score ?? 1;
  const weights = termWeights(question.terms, lexical);
  const scored = top.flatMap((passage) => scorePassageUnits(question, passage, weights, Math.max(0, passage.score) / Math.max(bestPassage, 1e-6)));
  scored.sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (!best) return { question, units: [], best: undefined, scored };

  const picked: ScoredUnit[] = [];
  const covered = new Set<string>();
  const add = (unit: ScoredUnit) => {
    picked.push(unit);
    for (const term of contentTerms(unit.unit.text)) covered.add(term);
  };
  // The section the best unit is in answers first: most of it when it is short, else its strongest units.
  const own = scored.filter((unit) => unit.passage === best.passage);
  const short = quotableLength(best.passage) <= SHORT_SECTION_CHARS;
  for (const unit of own) {
    if (picked.length >= (short ? maxUnits : Math.min(3, maxUnits))) break;
    if (unit.score < best.score * (short ? SHORT_SECTION_KEEP_SHARE : KEEP_SHARE)) continue;
    if (unit.unit.kind === "item" && own.some((other) => other.unit.kind === "list" && other.unit.block === unit.unit.block)) continue;
    add(unit);
  }
  // Another section only when it is nearly as strong and says something the first did not.
  for (const unit of scored) {
    if (picked.length >= maxUnits || new Set(picked.map((other) => other.passage)).size >= MAX_SECTIONS) break;
    if (unit.passage === best.passage || unit.score < best.score * SECOND_SECTION_SHARE) continue;
    if (picked.some((other) => other.passage === unit.passage || other.unit.text === unit.unit.text)) continue;
    const adds = question.terms.some((term) => !covered.has(term) && contentTerms(unit.unit.text).includes(term));
    if (!adds) continue;
    add(unit);
  }
  return { question, units: picked, best, scored };
}

function quotableLength(passage: Passage): number {
  return passage.chunk.units.filter((unit) => unit.kind !== "code" && unit.kind !== "list").reduce((sum, unit) => sum + unit.text.length, 0);
}

function scorePassageUnits(question: Question, passage: Passage, weights: Map<string, number>, passageShare: number): ScoredUnit[] {
  const headingTerms = new Set(contentTerms(passage.chunk.section));
  const heading = passage.chunk.section;
  const ownHeading = heading.split(SECTION_SEPARATOR).at(-1) ?? "";
  const asksForProblems = PROBLEMS.test(question.text);
  const titleTerms = new Set(contentTerms(passage.chunk.title));
  const ownHeadingTerms = new Set(contentTerms(ownHeading).filter((term) => !titleTerms.has(term)));
  const ownHeadingShare = ownHeadingTerms.size === 0 ? 0 : share(weights, (term) => ownHeadingTerms.has(term));
  const listSizes = new Map<number, number>();
  for (const unit of passage.chunk.units) if (unit.kind === "item") listSizes.set(unit.block, (listSizes.get(unit.block) ?? 0) + 1);
  return passage.chunk.units.flatMap((unit, at): ScoredUnit[] => {
    if (unit.kind === "label") return [];
    // A short list answers as a whole ("Company: Uber" alone says little); items of a long one answer alone.
    if (unit.kind === "item" && (listSizes.get(unit.block) ?? 0) <= SHORT_LIST_ITEMS && (listSizes.get(unit.block) ?? 0) >= 2) return [];
    if (unit.kind === "code" && !question.kinds.has("how-to")) return [];
    const leadIn = unit.leadIn !== undefined ? passage.chunk.units[unit.leadIn] : undefined;
    const ownSimilarity = passage.unitSimilarity[at] ?? 0;
    const leadInSimilarity = unit.leadIn !== undefined ? (passage.unitSimilarity[unit.leadIn] ?? 0) : 0;
    // Code is found by the prose that introduces it; a list also by its label ("Why Go?", "Results").
    const similarity = unit.kind === "code" ? Math.max(ownSimilarity, leadInSimilarity) : leadIn?.kind === "label" ? Math.max(ownSimilarity, (ownSimilarity + leadInSimilarity) / 2) : ownSimilarity;
    const unitTerms = new Set(contentTerms(unit.kind === "code" ? `${leadIn?.text ?? ""} ${unit.text}` : `${leadIn?.kind === "label" ? leadIn.text : ""} ${unit.text}`));
    const coverage = share(weights, (term) => unitTerms.has(term)) + HEADING_TERM_SHARE * share(weights, (term) => !unitTerms.has(term) && headingTerms.has(term));
    let bonus = 0;
    if (question.kinds.has("how-much") && /\d/.test(unit.text)) bonus += 0.08;
    // "What went wrong?" is answered by the section about the problems, not by the one about what worked.
    if (asksForProblems && PROBLEM_HEADING.test(heading)) bonus += 0.05;
    if (question.kinds.has("why")) bonus += CAUSAL.test(unit.text) || CAUSAL_HEADING.test(heading) || (leadIn !== undefined && CAUSAL_HEADING.test(leadIn.text)) ? 0.05 : -0.05;
    // The section titled for what is asked ("Fault Tolerance" for "what do they mean by fault tolerance"), the document's own title aside.
    bonus += OWN_HEADING_BONUS * ownHeadingShare;
    // A Title Case fragment ("Scalability & Fault Tolerance") is a stray heading or a contents line, not a statement.
    if (unit.kind === "sentence" && isTitleFragment(unit.text)) bonus -= 0.1;
    if (question.kinds.has("which") && (unit.kind === "item" || unit.kind === "row" || unit.kind === "list")) bonus += 0.04;
    if (question.kinds.has("how-to") && unit.kind === "code") bonus += 0.03;
    if (question.decision && STANCE.test(unit.text)) bonus += 0.03;
    if (METADATA.test(unit.text)) bonus -= 0.3;
    if (unit.kind === "sentence" && unit.text.split(/\s+/).length < 4) bonus -= 0.1;
    const w = UNIT_WEIGHTS;
    const score = w.similarity * similarity + w.coverage * Math.min(1, coverage) + w.passage * passageShare + bonus;
    return [{ passage, at, unit, similarity, coverage, score, bonus, passageShare }];
  });
}

/**
 * The answer text for the selected units: each section's units in document order, a list as a list (with
 * the line that introduces it), code in a fence, every paragraph and list ending in its source's marker.
 * A decision question starts with its verdict.
 */
export function composeAnswer(selections: Selection[]): Composition {
  const chosen = new Map<Passage, Set<number>>();
  const order: Passage[] = [];
  // Each part of a multi-part question retrieves on its own: one section found by two parts is quoted once.
  const byChunk = new Map<string, Passage>();
  for (const selection of selections) {
    for (const scored of selection.units) {
      const passage = byChunk.get(scored.passage.chunk.id) ?? scored.passage;
      if (!chosen.has(passage)) {
        byChunk.set(passage.chunk.id, passage);
        chosen.set(passage, new Set());
        order.push(passage);
      }
      const set = chosen.get(passage) as Set<number>;
      for (const at of withDependencies(scored, selection.scored, selection.question)) set.add(at);
    }
  }
  const citations: Citation[] = order.map((passage, i) => {
    const first = selections.flatMap((selection) => selection.units).find((unit) => unit.passage.chunk.id === passage.chunk.id);
    const { id, source, title, section, url } = passage.chunk;
    return { id: i + 1, chunkId: id, source, title, section, url, score: round(first?.score ?? passage.score), quote: first?.unit.text ?? "" };
  });
  const paragraphs = order.map((passage, i) => {
    const text = renderUnits(passage, [...(chosen.get(passage) ?? [])].sort((a, b) => a - b), i + 1);
    // Several sections, or an API name as heading ("getSetCookies(headers)"): say which section each part is from.
    const heading = headingOf(passage.chunk);
    const named = order.length > 1 || API_NAME.test(heading);
    if (!named || heading === passage.chunk.title) return text;
    return /^(?:[-*]|\d+\.|```)/.test(text) ? `**${heading}**\n${text}` : `**${heading}** — ${text}`;
  });
  const main = selections[0];
  const verdict = main ? verdictOf(main.question, stanceEvidence(main, chosen)) : undefined;
  const lead = verdict ? [VERDICT_LEAD[verdict]] : [];
  return { answer: [...lead, ...paragraphs].join("\n\n").replace(/^(\*\*[^*]+\*\*)\n\n/, "$1 "), citations, ...(verdict ? { verdict } : {}) };
}

/** The units a decision's verdict rests on: what is quoted (a list as its items), strongest first. */
function stanceEvidence(selection: Selection, chosen: Map<Passage, Set<number>>): StanceEvidence[] {
  const scoreOf = new Map(selection.scored.map((unit) => [`${unit.passage.index}:${unit.at}`, unit.score]));
  const fallback = selection.best?.score ?? 0;
  return [...chosen.entries()]
    .flatMap(([passage, indices]) =>
      [...indices].flatMap((at) => {
        const unit = passage.chunk.units[at];
        if (!unit || unit.kind === "code" || unit.kind === "label" || unit.kind === "list") return [];
        return [{ text: unit.text, section: passage.chunk.section, weight: scoreOf.get(`${passage.index}:${at}`) ?? fallback * 0.8 }];
      }),
    )
    .sort((a, b) => b.weight - a.weight);
}

const VERDICT_LEAD: Record<Verdict, string> = {
  yes: "**Short answer: yes.**",
  no: "**Short answer: no.**",
  depends: "**Short answer: it depends.**",
};

/** A unit and what it cannot be read without: the lead-in of an item, row or code block; the sentence a "This…" leans on. */
function withDependencies(scored: ScoredUnit, all: ScoredUnit[], question: Question): number[] {
  const units = scored.passage.chunk.units;
  const result = new Set<number>([scored.at]);
  const unit = scored.unit;
  if (unit.leadIn !== undefined) result.add(unit.leadIn);
  if (unit.kind === "list") {
    // A list that answers as a whole is quoted as its items: all of a short one, the strongest of a long one.
    result.delete(scored.at);
    const items = units.flatMap((other, at) => (other.block === unit.block && other.kind === "item" ? [at] : []));
    const short = items.length <= SHORT_LIST_ITEMS || (question.kinds.has("which") && items.length <= WHOLE_LIST_ITEMS);
    const strongest = all.filter((other) => other.passage === scored.passage && other.unit.block === unit.block && other.unit.kind === "item").sort((a, b) => b.score - a.score);
    const chosen = short ? items : strongest.slice(0, LONG_LIST_ITEMS).map((item) => item.at);
    for (const at of chosen) result.add(at);
  }
  // An item or row brings the short list it is part of; from a long one, only the siblings nearly as strong.
  if (unit.kind === "item" || unit.kind === "row") {
    const siblings = all.filter((other) => other.passage === scored.passage && other.unit.block === unit.block && other.unit.kind === unit.kind);
    const short = siblings.length <= SHORT_LIST_ITEMS || (question.kinds.has("which") && siblings.length <= WHOLE_LIST_ITEMS);
    for (const other of siblings) if ((short && unit.kind === "item") || other.score >= scored.score * 0.92) result.add(other.at);
  }
  // Nested items bring their parents, parents' lead-ins come too.
  for (const at of [...result]) {
    let parent = units[at]?.leadIn;
    while (parent !== undefined && !result.has(parent)) {
      result.add(parent);
      parent = units[parent]?.leadIn;
    }
  }
  return [...result];
}

function renderUnits(passage: Passage, indices: number[], marker: number): string {
  const units = passage.chunk.units;
  const out: string[] = [];
  let prose: string[] = [];
  let list: string[] = [];
  const cite = ` [${marker}]`;
  const flushProse = () => {
    if (prose.length > 0) out.push(`${prose.join(" ")}${cite}`);
    prose = [];
  };
  const flushList = () => {
    if (list.length > 0) out.push(list.join("\n"));
    list = [];
  };
  let previous: Unit | undefined;
  for (const at of indices) {
    const unit = units[at];
    if (!unit) continue;
    const sameBlock = previous !== undefined && previous.block === unit.block;
    if (unit.kind === "sentence" || unit.kind === "label") {
      flushList();
      if (!sameBlock) flushProse();
      prose.push(unit.kind === "label" ? withColon(unit.text) : terminated(unit.text));
    } else if (unit.kind === "item" || unit.kind === "row") {
      if (prose.length > 0) {
        // The lead-in line introduces the list and carries its marker.
        out.push(`${prose.join(" ")}${cite}`);
        prose = [];
      }
      const bullet = unit.ordinal !== undefined ? `${unit.ordinal}.` : "-";
      list.push(`${"  ".repeat(unit.depth ?? 0)}${bullet} ${unit.text}`);
    } else if (unit.kind === "code") {
      flushProse();
      flushList();
      out.push(fence(unit));
    }
    previous = unit;
  }
  flushProse();
  if (list.length > 0) {
    // A list without a lead-in line carries the marker on its last item.
    const needsMarker = !out.some((line) => line.endsWith(cite));
    if (needsMarker) list[list.length - 1] = `${list[list.length - 1]}${cite}`;
    flushList();
  }
  if (!out.some((line) => line.includes(cite))) out.push(cite.trim());
  return out.join("\n");
}

function fence(unit: Unit): string {
  const lines = unit.text.split("\n");
  const body = lines.length > CODE_LINES ? [...lines.slice(0, CODE_LINES), "// …"] : lines;
  return `\`\`\`${unit.lang ?? ""}\n${body.join("\n")}\n\`\`\``;
}

function terminated(text: string): string {
  return /[.!?…:"”)]$/.test(text) ? text : `${text}.`;
}

function withColon(text: string): string {
  return /[:.?!]$/.test(text) ? text : `${text}:`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
