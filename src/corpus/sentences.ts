const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

// ICU ends a sentence after these; a team's docs use them mid-sentence ("e.g. Redis", "vs. Go").
const ABBREVIATION_END = /(?:^|[\s(])(?:e\.g|i\.e|etc|vs|approx|cf|al|Mr|Mrs|Ms|Dr|Prof|Inc|Ltd|Co|No|Fig|St|Jr|Sr|esp|incl|min|max|ca|resp|w\.r\.t|a\.k\.a|aka)\.$/i;

/** A paragraph's sentences, verbatim; abbreviations and inline code do not end one. */
export function splitSentences(paragraph: string): string[] {
  const masked = maskInlineCode(paragraph);
  const sentences: Array<{ start: number; end: number }> = [];
  for (const segment of segmenter.segment(masked)) {
    const trimmedStart = segment.index + (segment.segment.length - segment.segment.trimStart().length);
    const end = segment.index + segment.segment.trimEnd().length;
    if (end <= trimmedStart) continue;
    const previous = sentences.at(-1);
    const text = masked.slice(trimmedStart, end);
    // A fragment after an abbreviation, or one starting lower-case or with a digit-less symbol, continues the sentence.
    if (previous && (ABBREVIATION_END.test(masked.slice(previous.start, previous.end)) || /^[a-z(,;:)]/.test(text))) {
      previous.end = end;
      continue;
    }
    sentences.push({ start: trimmedStart, end });
  }
  return sentences.map(({ start, end }) => paragraph.slice(start, end).trim()).filter((text) => /[\p{Letter}\p{Number}]/u.test(text));
}

/** Same length, but dots and question marks inside `code` cannot end a sentence. */
function maskInlineCode(text: string): string {
  return text.replace(/`[^`]*`/g, (span) => span.replace(/[.!?]/g, "_"));
}
