import type { Sentence } from "./document.js";

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/** Splits chunk text into sentences; list items and lines stand alone, prose goes through ICU's segmenter. */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let offset = 0;
  for (const rawLine of text.split("\n")) {
    const bullet = rawLine.startsWith("- ") ? 2 : 0;
    const lineStart = offset + bullet;
    const line = rawLine.slice(bullet);
    offset += rawLine.length + 1;
    if (!line.trim() || /^#{1,6}\s/.test(line)) continue;
    for (const segment of segmenter.segment(line)) {
      const trimmed = segment.segment.trim();
      if (!/\p{Letter}/u.test(trimmed)) continue;
      const lead = segment.segment.indexOf(trimmed);
      const start = lineStart + segment.index + lead;
      sentences.push({ text: trimmed, start, end: start + trimmed.length });
    }
  }
  return joinListFragments(mergeFragments(sentences, text), text);
}

const FRAGMENT_WORDS = 12;
const LABEL_WORDS = 8;

/**
 * A run of short list items ("- Problem: limits", "- Solution: more servers") says little item by item;
 * with the label line above it, it is one unit of meaning. The unit keeps its verbatim text (line breaks and
 * all); `readableSentence` renders it inline for an answer.
 */
function joinListFragments(sentences: Sentence[], text: string): Sentence[] {
  const result: Sentence[] = [];
  let run: Sentence[] = [];
  const isItem = (sentence: Sentence) => text.slice(Math.max(0, sentence.start - 2), sentence.start).endsWith("- ") && wordCount(sentence.text) <= FRAGMENT_WORDS;
  const flush = () => {
    if (run.length >= 2) {
      const label = result.at(-1);
      const labelled = label !== undefined && isLabel(label, run[0] as Sentence, text);
      if (labelled) result.pop();
      const start = labelled ? label.start : (run[0] as Sentence).start;
      const end = (run.at(-1) as Sentence).end;
      result.push({ text: text.slice(start, end), start, end });
    } else {
      result.push(...run);
    }
    run = [];
  };
  for (const sentence of sentences) {
    if (isItem(sentence)) {
      run.push(sentence);
      continue;
    }
    flush();
    result.push(sentence);
  }
  flush();
  return result;
}

/** A short line without a full stop directly above a list ("Challenge 1: Python GIL Performance"). */
function isLabel(candidate: Sentence, firstItem: Sentence, text: string): boolean {
  const between = text.slice(candidate.end, firstItem.start);
  return wordCount(candidate.text) <= LABEL_WORDS && !/[.!?]$/.test(candidate.text) && /^\s*\n\s*-\s$/.test(between);
}

/** "Challenge 1: GIL\n- Problem: limits\n- Solution: more servers" → "Challenge 1: GIL — Problem: limits; Solution: more servers." */
export function readableSentence(text: string): string {
  if (!text.includes("\n")) return text;
  const lines = text.split("\n").map((line) => line.trim()).filter(Boolean);
  const label = lines[0] && !lines[0].startsWith("- ") ? lines.shift() : undefined;
  const items = lines.map((line) => line.replace(/^- /, "").replace(/[.;]\s*$/, "")).join("; ");
  return label ? `${label.replace(/:\s*$/, "")} — ${items}.` : `${items}.`;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

const ABBREVIATION_END = /\b(?:e\.g|i\.e|vs|approx|cf|etc\.\s*al|Mr|Mrs|Ms|Dr|Prof|Inc|Ltd|Co|No|Fig|St)\.$/i;

// ICU splits after abbreviations such as "e.g." or "approx."; a fragment starting lower-case continues the previous sentence.
function mergeFragments(sentences: Sentence[], text: string): Sentence[] {
  const merged: Sentence[] = [];
  for (const sentence of sentences) {
    const previous = merged.at(-1);
    const sameLine = previous !== undefined && !text.slice(previous.end, sentence.start).includes("\n");
    if (previous && sameLine && (/^[a-z]/.test(sentence.text) || ABBREVIATION_END.test(previous.text))) {
      previous.end = sentence.end;
      previous.text = text.slice(previous.start, sentence.end);
    } else {
      merged.push({ ...sentence });
    }
  }
  return merged;
}
