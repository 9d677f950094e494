import { tokenize } from "../../src/index/terms.js";

export interface MarkedSentence {
  /** The sentence as shown, without its marker. */
  text: string;
  /** The `[n]` that ends it, or undefined when it carries none. */
  marker: number | undefined;
}

/**
 * Splits an extractive answer into the sentences a reader sees, each with the `[n]` marker that ends it.
 * The decision lead's "**For:**" / "**Against:**" labels are presentation, not sentences.
 */
export function markedSentences(answer: string): MarkedSentence[] {
  return answer
    .replace(/\*\*(?:For|Against):\*\*\s*/g, "")
    .split(/\n{2,}/)
    .flatMap((paragraph) => paragraph.split(/(?<=\[\d+\])\s+/))
    .filter((piece) => piece.trim() !== "")
    .map((piece) => {
      const match = /^([\s\S]*?)\s*\[(\d+)\]$/.exec(piece.trim());
      return match ? { text: match[1] ?? "", marker: Number(match[2]) } : { text: piece.trim(), marker: undefined };
    });
}

/**
 * Whether the words of `sentence` occur, contiguous and in order, in `source`. Punctuation and layout may
 * differ (a closing period added, list items joined with "; "), but no word may be added, dropped or moved.
 */
export function wordsComeFrom(sentence: string, source: string): boolean {
  const words = tokenize(sentence);
  return words.length > 0 && ` ${tokenize(source).join(" ")} `.includes(` ${words.join(" ")} `);
}
