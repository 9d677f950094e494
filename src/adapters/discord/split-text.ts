/** Boundaries to cut at, best first: paragraph, line, sentence end, word. */
const BREAKS = [/\n\n/g, /\n/g, /(?<=[.!?])\s/g, /\s/g];

/**
 * Cuts text into pieces of at most `max` characters, preferring a paragraph, line, sentence or word
 * boundary in the last half of the window so that no piece ends up tiny. Never splits a surrogate pair.
 */
export function splitText(text: string, max: number): string[] {
  if (max < 2) throw new RangeError(`splitText needs max >= 2, got ${max}`);
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const cut = findCut(rest, max);
    const piece = rest.slice(0, cut).trimEnd();
    if (piece) pieces.push(piece);
    rest = rest.slice(cut).trimStart();
  }
  if (rest.trim() || pieces.length === 0) pieces.push(rest);
  return pieces;
}

function findCut(text: string, max: number): number {
  const window = text.slice(0, max + 1);
  for (const pattern of BREAKS) {
    let best = -1;
    for (const match of window.matchAll(pattern)) {
      if (match.index <= max && match.index >= max / 2) best = match.index;
    }
    if (best > 0) return best;
  }
  // No boundary: a hard cut, stepping back if it would separate a surrogate pair.
  const code = text.charCodeAt(max - 1);
  return code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}
