import { splitSentences } from "../../src/corpus/sentences.js";
import { tokenize } from "../../src/index/terms.js";

export interface CitedBlock {
  /** The `[n]` markers in the block. */
  markers: number[];
  /** The quoted text of the block, line by line: prose split into sentences, list bullets and code fences gone. */
  sentences: string[];
}

const MARKER = /\s*\[(\d+)\]/g;

/**
 * The blocks of an extractive answer, one per quoted section: paragraphs apart at blank lines (but not at a
 * blank line inside a code fence). A decision's "**Short answer: …**" lead, a section's "**Heading** — " label
 * and the "_The documents don't cover…_" note are presentation, not quotes.
 */
export function citedBlocks(answer: string): CitedBlock[] {
  return splitOutsideFences(answer.replace(/^\*\*[^*\n]+\*\*\s*/, ""))
    .filter((block) => block.trim() !== "" && !block.startsWith("_The documents don't cover"))
    .map((block) => block.replace(/^\*\*[^*\n]+\*\*(?: — |\n)/, ""))
    .map((block) => ({
      markers: [...block.matchAll(MARKER)].map((match) => Number(match[1])),
      sentences: quotedLines(block.replace(MARKER, "")).flatMap((line) => splitSentences(line)),
    }));
}

function splitOutsideFences(answer: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let inFence = false;
  for (const line of answer.split("\n")) {
    if (line.startsWith("```")) inFence = !inFence;
    if (!inFence && line.trim() === "" && current.length > 0) {
      blocks.push(current.join("\n"));
      current = [];
      continue;
    }
    current.push(line);
  }
  if (current.length > 0) blocks.push(current.join("\n"));
  return blocks;
}

function quotedLines(block: string): string[] {
  return block
    .split("\n")
    .filter((line) => !line.startsWith("```"))
    .map((line) => line.replace(/^\s*(?:[-*]|\d+\.)\s+/, "").trim())
    .filter(Boolean);
}

/**
 * Whether the words of `sentence` occur, contiguous and in order, in `source`. Punctuation and layout may
 * differ (a closing period added, list items joined with "; "), but no word may be added, dropped or moved.
 */
export function wordsComeFrom(sentence: string, source: string): boolean {
  const words = tokenize(sentence);
  return words.length > 0 && ` ${tokenize(source).join(" ")} `.includes(` ${words.join(" ")} `);
}
