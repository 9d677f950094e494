import { tokenize } from "../index/terms.js";
import type { Vocabulary } from "./vocabulary.js";

const ELLIPTIC_START = /^(?:and|or|but|also|so|then|ok(?:ay)?|vs\.?|versus|compared to|what about|how about|and what about|and how about|what if|why not|same for|and for|and with|why|how come|really|by how much|how much|how many|was it|is it|did it|does it|were they|are they|did they|do they)\b/i;
const PRONOUN = /\b(?:it|its|this|that|these|those|they|them|their|there|one|ones|he|she|his|her)\b/i;
const SWAP = /^(?:and |but |so |ok |okay )?(?:(?:what|how) about|and for|same for|what if (?:we used|we use|it was)|vs\.?|versus|compared to|or|and)\s+(.+?)[?.!\s]*$/i;

/**
 * A follow-up ("and what about Rails?", "why?", "by how much?") as a question that stands alone, read
 * against the previous question of the same conversation. A self-contained question is returned unchanged.
 */
export function foldFollowUp(previous: string | undefined, text: string, vocabulary: Vocabulary): string {
  if (!previous || !isElliptic(text)) return text;
  const swapped = swapName(previous, text, vocabulary);
  if (swapped) return swapped;
  return `${text.replace(/[?.!\s]+$/, "")} (${previous.replace(/[?.!\s]+$/, "")})?`;
}

export function isElliptic(text: string): boolean {
  const trimmed = text.trim();
  const words = trimmed.split(/\s+/).filter(Boolean);
  if (ELLIPTIC_START.test(trimmed)) return true;
  return words.length <= 8 && PRONOUN.test(trimmed);
}

/** "what about Rails?" after "should we use Django for X?" → "should we use Rails for X?"; "vs rails?" compares. */
function swapName(previous: string, text: string, vocabulary: Vocabulary): string | undefined {
  const match = SWAP.exec(text.trim());
  const replacement = match?.[1]?.trim();
  if (!replacement || replacement.split(/\s+/).length > 3) return undefined;
  const replacementWords = tokenize(replacement);
  if (!replacementWords.some((word) => vocabulary.isName(word) || vocabulary.count(word) === 0 || /^[A-Z]/.test(replacement))) return undefined;
  if (/^(?:vs\.?|versus|compared to)\b/i.test(text.trim())) return `${previous.replace(/[?.!\s]+$/, "")} vs ${replacement}?`;
  const names = [...previous.matchAll(/[\p{Letter}][\p{Letter}\p{Number}.+#-]*/gu)].filter((found) => vocabulary.isName(found[0].toLowerCase()) || (found.index !== 0 && /^\p{Lu}/u.test(found[0])));
  const target = names.at(-1);
  if (!target || target.index === undefined) return undefined;
  return `${previous.slice(0, target.index)}${replacement}${previous.slice(target.index + target[0].length)}`;
}
