// "Should we use X for Y?", "Is X a good fit…", "Would you recommend…", "X or Y?"
const DECISION = /^(?:should|shall|would|could|can|is it (?:a good idea|wise|worth|ok|okay|smart|sensible)|is \S+ (?:a good|the right|suitable|a bad|a wise)|do (?:you|we) recommend|are \S+ (?:good|suitable|right|worth)|which|pick|choose)\b|\bor\b.*\?$|\b(?:good (?:fit|choice|idea)|right (?:choice|tool)|worth it|recommend)\b/i;

export function isDecisionQuestion(question: string): boolean {
  return DECISION.test(question.trim());
}

// Words that mark a sentence as an argument against the choice under discussion.
const AGAINST =
  /\b(?:not|no|never|cannot|can't|won't|isn't|aren't|wasn't|weren't|don't|doesn't|shouldn't|avoid|instead|fall(?:s)? short|slow(?:s|er|ing)? down|slower|bottlenecks?|bloat(?:ed)?|overhead|poor(?:ly)?|problems?|pain(?:ful)?|difficult|hard(?:er)?|struggl\w*|costly|expensive|limit(?:s|ed|ations?)|drawbacks?|downsides?|risk(?:s|y)?|fail\w*|useless|unsuited|ill-suited|exceptions?|ditch|challeng\w*|trade-?offs?|complex\w*|demand\w*)\b/i;

// Words that mark a sentence as an argument for it.
const FOR = /\b(?:scal(?:e|es|able|ability|ed)|proven|prove[sd]?|great|excellent|exceptional\w*|well[- ]suited|ideal|fast(?:er)?|easy|easier|productiv\w*|reliab\w*|mature|handles?|success\w*|recommend\w*|good (?:fit|choice)|benefits?|strengths?)\b/i;

/** A rough stance of a corpus sentence from its cue words; neutral sentences stay out of a decision lead. */
export function stanceOf(sentence: string): "for" | "against" | "neutral" {
  if (AGAINST.test(sentence)) return "against";
  return FOR.test(sentence) ? "for" : "neutral";
}
