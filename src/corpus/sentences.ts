import type { Sentence } from "./document.js";

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/** Splits chunk text into sentences; list items and lines stand alone, prose goes through ICU's segmenter. */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let offset = 0;
  for (const line of text.split("\n")) {
    const lineStart = offset;
    offset += line.length + 1;
    if (!line.trim() || /^#{1,6}\s/.test(line)) continue;
    for (const segment of segmenter.segment(line)) {
      const trimmed = segment.segment.trim();
      if (!/\p{Letter}/u.test(trimmed)) continue;
      const lead = segment.segment.indexOf(trimmed);
      const start = lineStart + segment.index + lead;
      sentences.push({ text: trimmed, start, end: start + trimmed.length });
    }
  }
  return mergeFragments(sentences, text);
}

// ICU splits after abbreviations such as "e.g." or "approx."; a fragment starting lower-case continues the previous sentence.
function mergeFragments(sentences: Sentence[], text: string): Sentence[] {
  const merged: Sentence[] = [];
  for (const sentence of sentences) {
    const previous = merged.at(-1);
    const sameLine = previous !== undefined && !text.slice(previous.end, sentence.start).includes("\n");
    if (previous && sameLine && /^[a-z]/.test(sentence.text)) {
      previous.end = sentence.end;
      previous.text = text.slice(previous.start, sentence.end);
    } else {
      merged.push({ ...sentence });
    }
  }
  return merged;
}
