/** Why a generated answer was refused; each one sends the user the extractive answer instead. */
export type CitationProblem = "empty_answer" | "uncited_sentence" | "unknown_passage" | "foreign_link";

/** A sentence of an accepted answer, with the passages it cites in the numbering the model was given. */
export interface CitedSentence {
  text: string;
  passages: number[];
}

export type CitationCheck =
  | {
      ok: true;
      /** The answer with markers renumbered 1..k in order of first use. */
      text: string;
      /** Given passage numbers in order of first use: `cited[k - 1]` is the passage behind marker `[k]`. */
      cited: number[];
      sentences: CitedSentence[];
    }
  | { ok: false; problem: CitationProblem; detail: string };

// `[1]`, `[1, 2]`, `[1;2]`; not `[text](url)`, which is a Markdown link.
const MARKER = /\[\s*(\d+(?:\s*[,;]\s*\d+)*)\s*\](?!\()/g;
const LEADING_MARKERS = /^(?:\s*\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\](?!\())+/;
const URL = /\bhttps?:\/\/[^\s<>()[\]"'`]+/gi;
const HAS_WORD = /[\p{Letter}\p{Number}]/u;

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/**
 * Holds a generated answer to the citation contract: it is not empty, every sentence carries a marker,
 * every marker names a passage that was given (1..passages.length), and every link appears in a passage.
 * Pure; `passages[i]` is the text of passage `i + 1`.
 */
export function validateCitations(answer: string, passages: readonly string[]): CitationCheck {
  const text = answer.trim();
  const numbers = markerNumbers(text);
  const unknown = numbers.filter((n) => n < 1 || n > passages.length);
  if (unknown.length > 0) {
    return { ok: false, problem: "unknown_passage", detail: `cites [${unknown.join("], [")}] but only ${passages.length} passage(s) were given` };
  }
  const sentences = splitAnswerSentences(text);
  if (sentences.length === 0) return { ok: false, problem: "empty_answer", detail: "the answer has no sentences" };
  const uncited = sentences.find((sentence) => sentence.passages.length === 0);
  if (uncited) return { ok: false, problem: "uncited_sentence", detail: `no marker on: "${clip(uncited.text)}"` };
  const foreign = (text.match(URL) ?? []).map(trimUrl).find((url) => !passages.some((passage) => passage.includes(url)));
  if (foreign) return { ok: false, problem: "foreign_link", detail: `links to ${clip(foreign)}, which no passage contains` };

  const cited = [...new Set(numbers)];
  return {
    ok: true,
    text: renumber(text, cited),
    cited,
    sentences: sentences.map((sentence) => ({ text: sentence.text, passages: sentence.passages })),
  };
}

/**
 * What a half-written answer can show while it streams: markers renumbered by first use (stable as the text
 * grows), markers to passages that were not given and a marker still being written dropped. Not validated.
 */
export function previewCitations(partial: string, passageCount: number): string {
  const withoutTail = partial.replace(/\[[\d\s,;]*$/, "");
  const known = markerNumbers(withoutTail).filter((n) => n >= 1 && n <= passageCount);
  const order = [...new Set(known)];
  return withoutTail.replace(MARKER, (_, list: string) => {
    const kept = parseList(list).filter((n) => order.includes(n));
    return [...new Set(kept)].map((n) => `[${order.indexOf(n) + 1}]`).join("");
  });
}

function markerNumbers(text: string): number[] {
  return [...text.matchAll(MARKER)].flatMap((match) => parseList(match[1] ?? ""));
}

function parseList(list: string): number[] {
  return list.split(/[,;]/).map((part) => Number.parseInt(part.trim(), 10));
}

function renumber(text: string, cited: number[]): string {
  return text.replace(MARKER, (_, list: string) =>
    [...new Set(parseList(list))].map((n) => `[${cited.indexOf(n) + 1}]`).join(""),
  );
}

/**
 * Lines stand alone (list items, paragraphs); prose within a line goes through ICU's sentence segmenter.
 * A marker written after the full stop ("… works. [1] Next …") belongs to the sentence before it.
 */
function splitAnswerSentences(text: string): CitedSentence[] {
  const sentences: Array<{ raw: string }> = [];
  for (const line of text.split("\n")) {
    const content = line.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, "").trim();
    if (!content) continue;
    let firstInLine = true;
    for (const segment of segments(content)) {
      const last = sentences.at(-1);
      let rest = segment.trim();
      const leading = LEADING_MARKERS.exec(rest);
      const onlyMarkers = leading !== null && leading[0].trim() === rest;
      if (leading && last && (!firstInLine || onlyMarkers)) {
        last.raw += ` ${leading[0].trim()}`;
        rest = rest.slice(leading[0].length).trim();
      }
      const words = stripMarkers(rest).trim();
      // ICU splits after abbreviations ("e.g. the …"): a lower-case fragment continues the sentence before it,
      // unless that sentence was already cited, in which case this is a new (uncited) sentence.
      const continues = !firstInLine && last !== undefined && (!HAS_WORD.test(words) || (/^[a-z]/.test(words) && markerNumbers(last.raw).length === 0));
      firstInLine = false;
      if (!rest) continue;
      if (continues && last) last.raw += ` ${rest}`;
      else sentences.push({ raw: rest });
    }
  }
  return sentences
    .map(({ raw }) => ({ text: stripMarkers(raw).replace(/\s+([.!?,;:])/g, "$1").trim(), passages: [...new Set(markerNumbers(raw))] }))
    .filter((sentence) => HAS_WORD.test(sentence.text));
}

/**
 * ICU's sentences, split again after every sentence-final punctuation mark: ICU keeps "… [1]. then more" together
 * because of the lower-case word, which would let an uncited sentence ride on a cited one.
 */
function segments(line: string): string[] {
  return [...segmenter.segment(line)].flatMap(({ segment }) => segment.split(/(?<=[.!?…]["”’')]?)\s+/));
}

function stripMarkers(text: string): string {
  return text.replace(MARKER, "").replace(/\s{2,}/g, " ");
}

function trimUrl(url: string): string {
  return url.replace(/[.,;:!?]+$/, "");
}

function clip(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}
