import type { Answer, Citation } from "../../src/engine/answer.js";
import { SECTION_SEPARATOR } from "../../src/corpus/document.js";
import type { ExpectedSection, SetQuestion } from "./question-set.js";

/** section@3: the right section must be among the first three citations a reader sees. */
export const SECTION_AT = 3;

export interface ChunkLookup {
  /** The text of a cited chunk, to tell apart sections that share a heading ("Key Lessons" five times). */
  text(chunkId: string): string | undefined;
  /** How many sections of a source end in this heading. */
  headingCount(source: string, heading: string): number;
}

export interface QuestionScore {
  id: string;
  question: string;
  answerable: boolean;
  nearMiss: boolean;
  tags: string[];
  grounded: boolean;
  /** Answerable: an expected section among the first three citations. */
  sectionAt3?: boolean;
  /** Answerable: every key fact present in the answer text. */
  allFacts?: boolean;
  missingFacts?: string[][];
  /** Decision questions: the answer's verdict equals the expected one. */
  verdictAgrees?: boolean;
  expectedVerdict?: string;
  verdict?: string;
  /** Lines of code quoted outside a code block. */
  codeAsProse: number;
  ms: number;
  answer: string;
  cited: string[];
}

export function scoreAnswer(question: SetQuestion, answer: Answer, lookup: ChunkLookup, ms: number): QuestionScore {
  const base = {
    id: question.id,
    question: question.context ? `${question.context.join(" → ")} → ${question.question}` : question.question,
    answerable: question.answerable,
    nearMiss: question.answerable ? false : question.nearMiss,
    tags: question.tags,
    grounded: answer.grounded,
    codeAsProse: answer.grounded ? codeLinesOutsideFences(answer.answer) : 0,
    ms,
    answer: answer.answer,
    cited: answer.citations.map((citation) => `${citation.source} › ${citation.section}`),
  };
  if (!question.answerable) return base;
  const facts = question.facts;
  const text = normaliseText(answer.answer);
  const missingFacts = answer.grounded ? facts.filter((fact) => !fact.some((alternative) => text.includes(normaliseText(alternative)))) : facts;
  const sectionAt3 = answer.grounded && answer.citations.slice(0, SECTION_AT).some((citation) => question.sections.some((expected) => citesSection(citation, expected, facts, lookup)));
  const scored: QuestionScore = { ...base, sectionAt3, allFacts: missingFacts.length === 0 && answer.grounded, missingFacts };
  if (question.verdict) {
    scored.expectedVerdict = question.verdict;
    if (answer.verdict) scored.verdict = answer.verdict;
    scored.verdictAgrees = answer.grounded && answer.verdict === question.verdict;
  }
  return scored;
}

/** A citation of the expected file whose heading path includes the expected heading (and, where that heading repeats, holds a key fact). */
export function citesSection(citation: Pick<Citation, "source" | "section" | "chunkId">, expected: ExpectedSection, facts: string[][], lookup: ChunkLookup): boolean {
  if (!sameSource(citation.source, expected.source)) return false;
  const headings = citation.section.split(SECTION_SEPARATOR).map(normaliseHeading);
  if (!headings.includes(normaliseHeading(expected.section))) return false;
  if (lookup.headingCount(citation.source, expected.section) <= 1 || facts.length === 0) return true;
  const chunk = normaliseText(lookup.text(citation.chunkId) ?? "");
  return facts.some((fact) => fact.some((alternative) => chunk.includes(normaliseText(alternative))));
}

export function normaliseHeading(text: string): string {
  return normaliseText(text.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")).replace(/[.:;!?]+$/, "").trim();
}

/** Case, spacing, quotes, dashes and inline Markdown markers do not decide whether a fact is present. */
export function normaliseText(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[`*_]/g, "")
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[‐-―]/g, "-")
    .replace(/\s+/g, " ")
    .trim();
}

function sameSource(actual: string, expected: string): boolean {
  const path = actual.replaceAll("\\", "/");
  return path === expected || path.endsWith(`/${expected}`);
}

const CODE_LINE = /(?:^|\s)(?:const|let|var)\s+[\w{[][\w\s,{}[\]]*=|^\s*(?:import|export)\s+.*\bfrom\b|=>|\w\([^)]*\)\s*[;{]|\w\s*\([^)]*\)\s*\.\s*\w+\(|;\s*$|^\s*[}{\])]\s*[;,)]?\s*$|\/\/\s|\bawait\s+\w+(?:\.\w+)*\(/;

/** Answer lines outside ``` fences that read as code (inline `code` spans are fine). */
export function codeLinesOutsideFences(markdown: string): number {
  let inFence = false;
  let count = 0;
  for (const line of markdown.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    const prose = line.replace(/`[^`]*`/g, "code").replace(/\s*\[\d+\]/g, "");
    if (CODE_LINE.test(prose)) count += 1;
  }
  return count;
}
