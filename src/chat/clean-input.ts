// Zero-width and bidi controls are invisible to people but split words for the engine.
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;
// C0/C1 controls other than tab and newline.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

export interface CleanedInput {
  text: string;
  /** True when the input was mostly unprintable (binary pasted into chat). */
  looksBinary: boolean;
}

/** Normalises what a user typed into a question the engine can read. */
export function cleanUserInput(raw: string): CleanedInput {
  const wellFormed = raw.toWellFormed();
  const controls = (wellFormed.match(CONTROL) ?? []).length + (wellFormed.match(/\uFFFD/g) ?? []).length;
  const looksBinary = wellFormed.length > 0 && controls / wellFormed.length > 0.2;
  const text = wellFormed.normalize("NFKC").replace(INVISIBLE, "").replace(CONTROL, " ").replace(/\uFFFD/g, " ").replace(/\s+/g, " ").trim();
  return { text, looksBinary };
}
