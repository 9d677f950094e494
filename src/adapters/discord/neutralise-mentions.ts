// A zero-width joiner keeps the text readable while Discord no longer parses it as a mention.
const ZWJ = "\u200D";
// No word boundary: Discord still pings "@here_" or "@everyone123".
const CROWD = /@(everyone|here)/gi;
/** `<@123>`, `<@!123>` (users) and `<@&123>` (roles). */
const ENTITY = /<@([!&]?\d+)>/g;

/**
 * Breaks every mention in text the bot sends. `allowedMentions: { parse: [] }` already stops pings;
 * this second layer keeps a pasted `@everyone` or a corpus `<@&role>` from even rendering as one,
 * and still holds if a send path ever forgets the allow-list.
 */
export function neutraliseMentions(text: string): string {
  return text.replace(CROWD, `@${ZWJ}$1`).replace(ENTITY, `<${ZWJ}@$1>`);
}
