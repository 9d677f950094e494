import { decodeHTML } from "entities";

// CP1252 characters that stand for bytes 0x80–0x9F when UTF-8 was decoded as Windows-1252.
const CP1252_BYTES = new Map<string, number>([
  ["€", 0x80], ["‚", 0x82], ["ƒ", 0x83], ["„", 0x84], ["…", 0x85], ["†", 0x86], ["‡", 0x87], ["ˆ", 0x88],
  ["‰", 0x89], ["Š", 0x8a], ["‹", 0x8b], ["Œ", 0x8c], ["Ž", 0x8e], ["‘", 0x91], ["’", 0x92], ["“", 0x93],
  ["”", 0x94], ["•", 0x95], ["–", 0x96], ["—", 0x97], ["˜", 0x98], ["™", 0x99], ["š", 0x9a], ["›", 0x9b],
  ["œ", 0x9c], ["ž", 0x9e], ["Ÿ", 0x9f],
]);
const CONTINUATION = "[\\u0080-\\u00BF€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]";
const MOJIBAKE = new RegExp(`[\\u00C2-\\u00F4]${CONTINUATION}{1,3}`, "g");
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Repairs UTF-8 text that was once decoded as Latin-1/Windows-1252 ("Î¼s" → "μs", "itâ€™s" → "it’s"). */
export function repairMojibake(text: string): string {
  return text.replace(MOJIBAKE, (run) => {
    const bytes: number[] = [];
    for (const char of run) {
      const code = char.codePointAt(0) ?? 0;
      const byte = CP1252_BYTES.get(char) ?? (code <= 0xff ? code : undefined);
      if (byte === undefined) return run;
      bytes.push(byte);
    }
    try {
      const decoded = strictUtf8.decode(Uint8Array.from(bytes));
      return decoded.length === 1 || [...decoded].length === 1 ? decoded : run;
    } catch {
      return run;
    }
  });
}

/** Decodes every HTML character reference (`&amp;`, `&#8217;`, `&hellip;`), for text that no parser decodes. */
export function decodeEntities(text: string): string {
  return decodeHTML(text);
}

/**
 * The cleaning pass applied to every file's text before parsing: Unicode normalised, mojibake repaired,
 * line endings unified, zero-width characters dropped, no-break spaces made plain.
 */
export function cleanText(text: string): string {
  return repairMojibake(text.normalize("NFC"))
    .replace(/\r\n?/g, "\n")
    .replace(/[\u200B\uFEFF]/g, "")
    .replace(/\u00A0/g, " ");
}
