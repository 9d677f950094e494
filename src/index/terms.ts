const STOPWORDS = new Set(
  `a about above after again against all am an and any are aren't as at be because been before being below between both but by can
  can't cannot could couldn't did didn't do does doesn't doing don't down during each few for from further had hadn't has hasn't have
  haven't having he her here hers herself him himself his how i if in into is isn't it it's its itself just let's me more most mustn't
  my myself no nor not of off on once only or other ought our ours ourselves out over own same shan't she should shouldn't so some
  such than that that's the their theirs them themselves then there there's these they this those through to too under until up
  very was wasn't we were weren't what what's when where which while who whom why will with won't would wouldn't you your yours
  yourself yourselves also ok okay please tell know think want need get got use using used really actually say said like much many
  one ones thing things way ways does good better best bad worse
  yo hey hi hello guys folks anyone anybody someone somebody lol tbh ngl imo imho btw pls plz thx thanks u ur gonna wanna kinda sorta
  gotta even hmm um uh cool basically literally stuff our us we're we've i'm i've you're you've doc docs article
  articles says say mention mentions mentioned vs versus`
    .split(/\s+/)
    // tokenize() folds apostrophes, so "don't" arrives as "dont".
    .flatMap((word) => [word, word.replace(/'/g, "")]),
);

/** Lower-cased word tokens, apostrophes folded, split on anything that is not a letter or digit. */
export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[’']/g, "")
    .split(/[^\p{Letter}\p{Number}]+/u)
    .filter(Boolean);
}

export function isStopword(token: string): boolean {
  return STOPWORDS.has(token);
}

/** A light English stemmer: folds plurals and common verb endings so "scaling"/"scales"/"scaled" meet. */
export function stem(token: string): string {
  if (token.length <= 3 || /\d/.test(token)) return token;
  let word = token;
  if (word.endsWith("ies") && word.length > 4) word = `${word.slice(0, -3)}y`;
  else if (word.endsWith("sses")) word = word.slice(0, -2);
  else if (word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us") && !word.endsWith("is")) word = word.slice(0, -1);
  if (word.endsWith("ing") && word.length > 5) word = undouble(word.slice(0, -3));
  else if (word.endsWith("ed") && word.length > 4) word = undouble(word.slice(0, -2));
  else if (word.endsWith("ly") && word.length > 4) word = word.slice(0, -2);
  if (word.endsWith("e") && word.length > 4) word = word.slice(0, -1);
  return word;
}

function undouble(word: string): string {
  return /([b-df-hj-np-tv-z])\1$/.test(word) && !/(ll|ss|zz)$/.test(word) ? word.slice(0, -1) : word;
}

/** Content terms of a text: tokenized, stop words dropped, stemmed. */
export function contentTerms(text: string): string[] {
  return tokenize(text)
    .filter((token) => !isStopword(token) && (token.length > 1 || /\d/.test(token)))
    .map(stem);
}
