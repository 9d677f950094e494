import { contentTerms } from "../index/terms.js";
import type { Question } from "./question.js";

export type Verdict = "yes" | "no" | "depends";

// Words that argue against doing what a decision question asks about: a negated verb, not any "not".
const AGAINST =
  /\b(?:(?:do|does|did|is|are|was|were|should|must|can|could|will|would|may|might|has|have|had)\s+not|never|cannot|\w+n't|avoid\w*|instead|rather than|fall(?:s)? short|slow(?:s|er|ing)? down|bottlenecks?|bloat(?:ed)?|poor(?:ly)?|pain(?:ful)?|struggl\w*|costly|expensive|drawbacks?|downsides?|risk(?:s|y)?|useless|unsuited|ill-suited|ditch\w*|garbage|deprecated|discouraged|unsafe|insecure|less (?:critical|important|relevant)|matters? less|overkill|anti-?pattern|pitfalls?|caveats?|beware|harder|difficult|limitations?|fail\w*|not (?:the right|a good|suited|recommended|meant|for)|no longer|warning)\b/i;

// Words that argue for it.
const FOR =
  /\b(?:scal(?:e|es|able|ability|ed)\s+(?:exceptionally|well)|exceptional\w*|proven|prove[sd]?|great|excellent|well[- ]suited|ideal|good (?:fit|choice|idea)|recommend\w*|benefits?|strengths?|advantages?|upside|works?\b|worked|success\w*|reliab\w*|mature|easy|easier|fast(?:er)?|confident|confidence|safe(?:ly)?|supports?|allows?|enables?|can be used|can be and have been used|(?:is|are) (?:fine|ok|okay|suitable|sufficient|allowed)|may (?:return|be|use)|handles? both|delivered|decreased|saved|improv\w*|reduc\w*)\b/i;

// Headings that frame everything under them as a case against, or for.
const AGAINST_HEADING = /\b(?:when not|not to use|don't|avoid|pain ?points?|challenges?|problems?|drawbacks?|downsides?|limitations?|could be better|trade-?offs?|cons\b|pitfalls?|caveats?|anti-?patterns?|deprecat\w*|warnings?|gotchas?|mistakes?)\b/i;
const FOR_HEADING = /\b(?:what worked|benefits?|advantages?|pros\b|strengths?|why (?!not)\w+|results?|proves?|success\w*|recommend\w*|best practices?)\b/i;

export interface StanceEvidence {
  text: string;
  /** The section the unit comes from (its heading path). */
  section: string;
  /** How strongly the unit answers the question (its selection score). */
  weight: number;
}

/**
 * The verdict the cited units support: each unit leans for or against by its wording and by what its
 * heading frames it as; a unit that names the question's subject as an exception ("the exceptions may be
 * page-based games") turns its section's lean around. Both sides clearly present make it "depends".
 */
export function verdictOf(question: Question, evidence: StanceEvidence[]): Verdict | undefined {
  if (!question.decision || evidence.length === 0) return undefined;
  let pro = 0;
  let con = 0;
  for (const unit of evidence.slice(0, 3)) {
    const lean = leanOf(unit, question);
    if (lean > 0) pro += lean * unit.weight;
    if (lean < 0) con += -lean * unit.weight;
  }
  const total = pro + con;
  if (total === 0) return undefined;
  if (pro / total >= 0.7) return "yes";
  if (con / total >= 0.7) return "no";
  return "depends";
}

// "With that warning in mind, X can be used": the main clause, not the concession, says where the text stands.
const CONCESSION = /^(?:with (?:that|this|these)[^,]{0,40}|that said|having said (?:that|this)|that being said|although[^,]*|though[^,]*|while[^,]*|even though[^,]*|despite[^,]*|granted[^,]*|admittedly[^,]*),\s*/i;
// "X instead of Y", "X rather than Y", "X over Y": praise of Y argues against X.
const ALTERNATIVE = /\b(?:instead of|rather than|over|vs\.?|versus|compared to)\s+(.+)$/i;

function leanOf(unit: StanceEvidence, question: Question): number {
  const words = unit.text.toLowerCase().replace(CONCESSION, "");
  const heading = AGAINST_HEADING.test(unit.section) ? -0.5 : FOR_HEADING.test(unit.section) ? 0.5 : 0;
  let lean = (AGAINST.test(words) ? -1 : 0) + (FOR.test(words) ? 1 : 0) + heading;
  // "The exceptions to this may be page-based games such as Neopets": the named subject escapes the rule.
  if (/\bexcept(?:ion)?s?\b/.test(words) && question.terms.some((term) => term.length > 3 && words.includes(term))) lean = Math.abs(lean) || 1;
  // A unit about the alternative the question weighs against ("…instead of an open source one") argues the other way.
  const alternative = ALTERNATIVE.exec(question.text)?.[1];
  if (alternative) {
    const mentions = (text: string) => contentTerms(text).filter((term) => words.includes(term)).length;
    const proposal = question.text.slice(0, question.text.length - alternative.length);
    if (mentions(alternative) > mentions(proposal)) lean = -lean;
  }
  return Math.max(-1, Math.min(1, lean));
}
