import { contentTerms, isStopword, stem, tokenize } from "../index/terms.js";
import { looksLikeName, type Vocabulary } from "./vocabulary.js";

/** What a question asks for, which decides the units that answer it. */
export type QuestionKind = "why" | "how-much" | "which" | "how-to" | "definition" | "compare";

export interface Question {
  /** The question as the engine reads it: chat formatting gone, typos and short forms replaced by corpus words. */
  text: string;
  /** Stemmed content terms of `text`. */
  terms: string[];
  kinds: Set<QuestionKind>;
  /** "should we…", "ok to…?", "bad idea?", "worth it?": gets a verdict. */
  decision: boolean;
  /** "how many…", "how long…", "what percentage…": only a figure answers it. */
  wantsFigure: boolean;
  /** Lower-cased words that name something the corpus knows as a name (a company, product, API). */
  names: string[];
  /** Words that look like names or terms of art and that the corpus never uses ("Shopify", "autovacuum"). */
  unknownNames: string[];
  /** The parts of a multi-part question, each a question on its own; one part for most questions. */
  parts: string[];
  corrections: Array<{ from: string; to: string }>;
}

const WHY = /\bwhy\b|\breasons?\b|\bhow come\b|\bwhat (?:made|led|drove|caused|pushed|prompted)\b|\bmotivat\w*|\brationale\b|\bwhat for\b|\bpoint of\b|\bwent wrong\b|\bpain ?points?\b|\bproblems?\b|\bissues?\b/i;
const HOW_MUCH = /\bhow (?:much|many|fast|big|large|long|often|quick(?:ly)?|far|high|low|well)\b|\bwhat (?:percentage|percent|number|share|kind of numbers|figures?)\b|\bby how\b|\bnumbers?\b|\bmetrics?\b|\bstats?\b|\bfigures?\b|\bper (?:second|day|month|server)\b|\bthroughput\b|\blatency\b|\bcount\b|\bdefault\b|\blimit\b|\bmax(?:imum)?\b|\bmin(?:imum)?\b|\btimeout\b/i;
const WHICH = /\bwhich\b|\bwhat (?:companies|company|tools?|sites|websites|apps|products|frameworks?|languages?|libraries|library|options?|services|databases?|stack|tech|events?|methods?|errors?|classes|packages?|plugins?|hooks?|settings?)\b|\bwho\b|\bname (?:some|a few|any)\b|\bexamples?\b|\blist\b|\bany (?:tools?|libs?|libraries|packages?|plugins?)\b/i;
const HOW_TO = /\bhow (?:do|does|can|could|should|would|to|are|is)\b|\bhow\b.*\b(?:set|setup|configure|use|enable|disable|make|add|create|write|handle|avoid|prevent|test|mock|install|register|run|deploy|get)\b|\bway to\b|\bexample of\b|\bsnippet\b|\bcode\b/i;
const DEFINITION = /^(?:what(?:'s|s| is| are| does)|define|meaning of|explain)\b/i;
const FIGURE = /\bhow (?:much|many|long|fast|big|large|often|quick(?:ly)?)\b|\bwhat (?:percentage|percent|number|share)\b|\bby how\b/i;
const COMPARE = /\bvs\.?\b|\bversus\b|\bcompared?\b|\bcomparison\b|\bdifference\b|\bdiffer\b|\bbetter than\b|\bworse than\b|\bor\b[^?]*\?\s*$|\binstead of\b|\brather than\b/i;

// Decision phrasings: "should we…", "ok to…", "bad idea?", "worth it?", "can we use…", "would you recommend…".
const DECISION =
  /^(?:so\s+|and\s+|but\s+|ok\s+|hmm\s+)?(?:should|shall|would you|would it|do you recommend|do we need|is it (?:a good|a bad|ok|okay|fine|wise|smart|worth|safe|sensible|better|reasonable|overkill)|are we (?:ok|fine|good|safe)|can we (?:use|go|build|run|just|stick|pick|rely|ship)|could we (?:use|go|build|just|stick)|is \S+(?: \S+)? (?:a good|the right|a bad|a wise|suitable|ok|okay|fine|overkill|enough|viable|worth|good enough|fast enough|a safe|right for|good for|bad for|suited)|are \S+(?: \S+)? (?:good|suitable|right|worth|ok|fine|overkill|viable|suited))\b|\b(?:ok|okay|fine|safe|smart|wise) to\b|\b(?:good|bad|terrible|dumb|great) idea\b|\bworth it\b|\bworth (?:the|using|it|switching|migrating)\b|\bsafe bet\b|\bgood (?:fit|choice|call|pick)\b|\bright (?:choice|tool|call|pick)\b|\brecommend(?:ed)?\b|\bgo with\b|\bmakes? sense\b|\bviable\b|\boverkill\b|\bshould\b|\b(?:is|are) (?:it|that|this|these|those|they) (?:ok|okay|fine|good|bad|safe|alright|a good idea|a bad idea|worth it|enough|viable|suitable)\b|^(?:so\s+)?(?:can|could) (?:\S+ ){1,4}(?:be used|be run|handle|cope|work|scale|replace|serve)\b|\bdid it (?:bite|pay off|work out|help)\b|\bbite (?:us|them|you)\b|\bpay off\b|\b(?:still|really) (?:need|worth)\b/i;

/** "What kinds of apps are a good fit…?": a wh-question in one clause asks for things, not for a yes or a no. */
const OPEN_QUESTION = /^(?:so\s+|and\s+|but\s+|ok\s+)?(?:what|which|who|where|when|how)\b(?![^?]*\?\s*\S)(?![^,;]*[,;]\s*(?:should|is (?:it|that|this)|are (?:we|they|those|these)|can we|could we|would you|do we|does it)\b)/i;

const PART_BREAK = /\?\s+(?=\S)|;\s+|\s+(?:and|also|plus)\s+(?=(?:what|how|why|which|who|when|where|is|are|does|do|did|can|could|should|was|were)\b)|,\s*(?:and\s+)?(?=(?:what|how|why|which|who|when|where)\b)/i;

/** Reads a question: its kind, its names, the words the corpus would use for its typos and short forms. */
export function analyseQuestion(raw: string, vocabulary: Vocabulary): Question {
  const corrections: Question["corrections"] = [];
  const text = raw.replace(/[\p{Letter}\p{Number}]+(?:['’]\p{Letter}+)?/gu, (word, offset: number, whole: string) => {
    // Part of a dotted name ("Node.js", "settings.py") is left as written.
    if (whole[offset - 1] === "." || /^\.\p{Letter}/u.test(whole.slice(offset + word.length))) return word;
    const lower = word.toLowerCase().replace(/[’']/g, "'");
    if (isStopword(lower.replace(/'/g, "")) || vocabulary.count(lower.replace(/'s$/, "").replace(/'/g, "")) > 0 && !lower.endsWith("'s")) return word;
    const replacement = vocabulary.correct(lower);
    if (!replacement || replacement === lower) return word;
    corrections.push({ from: word, to: replacement });
    return replacement;
  });
  const terms = [...new Set(contentTerms(text))];
  const words = tokenize(text);
  const rest = text.replace(/^\s*\S+/, "");
  const names = new Set<string>();
  const unknownNames = new Set<string>();
  for (const word of words) {
    if (isStopword(word) || word.length < 2 || /^\d+$/.test(word)) continue;
    if (vocabulary.count(word) === 0) {
      if (looksLikeName(word)) unknownNames.add(word);
      continue;
    }
    const capitalisedHere = new RegExp(`(?<![\\p{Letter}])${escape(word.charAt(0).toUpperCase() + word.slice(1))}(?![\\p{Letter}])`, "u").test(rest);
    if (vocabulary.isName(word, capitalisedHere)) names.add(word);
  }
  const kinds = new Set<QuestionKind>();
  if (WHY.test(text)) kinds.add("why");
  if (HOW_MUCH.test(text)) kinds.add("how-much");
  if (WHICH.test(text)) kinds.add("which");
  if (HOW_TO.test(text)) kinds.add("how-to");
  if (DEFINITION.test(text.trim())) kinds.add("definition");
  if (COMPARE.test(text)) kinds.add("compare");
  const parts = text
    .split(PART_BREAK)
    .map((part) => part.trim())
    .filter((part) => contentTerms(part).length > 0);
  return { text, terms, kinds, decision: DECISION.test(text.trim()) && !OPEN_QUESTION.test(text.trim()), wantsFigure: FIGURE.test(text), names: [...names], unknownNames: [...unknownNames], parts: parts.length > 1 ? parts.slice(0, 3) : [text], corrections };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
