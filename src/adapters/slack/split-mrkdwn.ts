/** Spans a cut must not fall inside: links/`<…>` tokens and `&amp;`-style entities would render broken. */
const ATOMIC = /<[^<>\n]*>|&[a-z]+;/g;
const FENCE = "```";
// Preferred places to cut, best first: paragraph, line, sentence, word.
const SEPARATORS = ["\n\n", "\n", ". ", " "];

/**
 * Splits mrkdwn into pieces of at most `max` characters, cutting at the best boundary that keeps links,
 * entities and code fences intact. Joining the pieces gives back the text up to whitespace at the cuts.
 */
export function splitMrkdwn(text: string, max: number): string[] {
  if (max < 16) throw new RangeError(`max must be at least 16, got ${max}`);
  const pieces: string[] = [];
  let rest = text.trim();
  let reopenFence = false;
  while (rest.length > 0) {
    if (reopenFence) rest = `${FENCE}\n${rest}`;
    if (rest.length <= max) {
      pieces.push(rest);
      break;
    }
    // A piece must carry more than the fence it reopened, or the loop would not advance.
    const minCut = reopenFence ? FENCE.length + 2 : 1;
    let cut = findCut(rest, max, minCut);
    let piece = rest.slice(0, cut).trimEnd();
    reopenFence = countFences(piece) % 2 === 1;
    if (reopenFence) {
      // Leave room to close the fence this piece opened.
      cut = findCut(rest, max - FENCE.length - 1, minCut);
      piece = rest.slice(0, cut).trimEnd();
      reopenFence = countFences(piece) % 2 === 1;
      if (reopenFence) piece = `${piece}\n${FENCE}`;
    }
    pieces.push(piece);
    rest = rest.slice(cut).trimStart();
    if (reopenFence && rest.startsWith(FENCE)) {
      // The fence we just closed was about to close anyway.
      rest = rest.slice(FENCE.length).trimStart();
      reopenFence = false;
    }
  }
  return pieces.filter((piece) => piece.replace(/`/g, "").trim().length > 0);
}

/** Truncates to at most `max` characters at a clean boundary, marking the cut with an ellipsis. */
export function truncateMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  const [first = ""] = splitMrkdwn(text, max - 2);
  return `${first} …`;
}

function findCut(text: string, max: number, minCut: number): number {
  const protectedSpans = [...text.slice(0, max + 1).matchAll(ATOMIC)].map((m) => [m.index, m.index + m[0].length] as const);
  const insideAtom = (at: number) => protectedSpans.some(([start, end]) => at > start && at < end);
  const floor = Math.floor(max / 2);
  for (const separator of SEPARATORS) {
    let at = text.lastIndexOf(separator, max - separator.length);
    while (at >= floor) {
      const cut = at + separator.length;
      if (!insideAtom(cut) && cut <= max) return cut;
      at = text.lastIndexOf(separator, at - 1);
    }
  }
  let cut = max;
  for (const [start, end] of protectedSpans) {
    if (cut > start && cut < end) cut = start;
  }
  // Only an atom that starts the piece and is longer than it (a giant URL) has to be cut through.
  return cut >= minCut ? cut : max;
}

function countFences(text: string): number {
  return text.split(FENCE).length - 1;
}
