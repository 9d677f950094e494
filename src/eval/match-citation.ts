import type { Citation } from "../engine/answer.js";

/** hit@3: the right passage must be among the first three citations a reader sees. */
export const HIT_AT = 3;

export interface Expectation {
  source: string;
  section: string;
}

/** True when the citation comes from the expected file and its heading path contains the expected section. */
export function citesExpected(citation: Pick<Citation, "source" | "section">, expected: Expectation): boolean {
  return sameSource(citation.source, expected.source) && sectionMatches(citation.section, expected.section);
}

/** Heading paths match on a case- and spacing-insensitive substring. */
export function sectionMatches(headingPath: string, expected: string): boolean {
  return normalise(headingPath).includes(normalise(expected));
}

/** 1-based position of the first matching citation among the first `k`, or undefined. */
export function hitRank(citations: ReadonlyArray<Pick<Citation, "source" | "section">>, expected: Expectation, k: number = HIT_AT): number | undefined {
  const index = citations.slice(0, k).findIndex((citation) => citesExpected(citation, expected));
  return index < 0 ? undefined : index + 1;
}

// Sources are corpus-relative paths; a question names just the file so that it survives a move to a sub-folder.
function sameSource(actual: string, expected: string): boolean {
  const path = actual.replaceAll("\\", "/");
  return path === expected || path.endsWith(`/${expected}`);
}

function normalise(text: string): string {
  return text.replace(/\s+/g, " ").trim().toLowerCase();
}
