import type { Turn } from "../engine/answer.js";

const ELLIPTIC_START = /^(?:and|or|but|also|so|then|ok(?:ay)?|what about|how about|and what about|and how about|what if|why not|same for|and for|and with)\b/i;
const PRONOUN = /\b(?:it|its|this|that|these|those|they|them|their|there|one|ones)\b/i;
const WHAT_ABOUT = /^(?:and |but |so )?(?:what|how) about\s+(.+?)[?.!\s]*$/i;
// Names a user can swap in a follow-up: capitalised words such as "Django" or "Node.js".
const NAME = /\b([A-Z][A-Za-z0-9+#-]*(?:\.[A-Za-z0-9]+)*)/g;

/**
 * Turns a follow-up ("and what about Rails?") into a question the engine can answer alone,
 * using the earlier turns of the same thread. A self-contained question is returned unchanged.
 */
export function foldFollowUp(history: Turn[], text: string): string {
  const previous = history.at(-1)?.question;
  if (!previous || !isElliptic(text)) return text;
  const swapped = swapName(previous, text);
  if (swapped) return swapped;
  return `${text.replace(/[?.!\s]+$/, "")} (${previous.replace(/[?.!\s]+$/, "")})?`;
}

export function isElliptic(text: string): boolean {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (ELLIPTIC_START.test(text.trim())) return true;
  return words.length <= 6 && PRONOUN.test(text);
}

/** "what about Rails?" after "should we use Django for X?" → "should we use Rails for X?" */
function swapName(previous: string, text: string): string | undefined {
  const about = WHAT_ABOUT.exec(text.trim());
  if (!about?.[1]) return undefined;
  const replacement = about[1];
  // The sentence's first word is capitalised for grammar, not because it is a name.
  const names = [...previous.matchAll(NAME)].filter((match) => match.index !== 0);
  const target = names[0]?.[1];
  if (!target || !/^[A-Z]/.test(replacement)) return undefined;
  return previous.replace(target, replacement);
}
