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

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", rsquo: "’", lsquo: "‘", rdquo: "”", ldquo: "“",
  hellip: "…", mdash: "—", ndash: "–", laquo: "«", raquo: "»", copy: "©", reg: "®", trade: "™", mu: "μ",
  micro: "µ", deg: "°", times: "×", middot: "·", bull: "•", eacute: "é", egrave: "è", uuml: "ü", ouml: "ö", auml: "ä",
};

/** Decodes HTML character references (`&amp;`, `&#8217;`, `&#x2014;`). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === "#") {
      const code = body[1] === "x" || body[1] === "X" ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** Inline Markdown → plain prose: links keep their text, images and HTML tags go, emphasis markers go. */
export function stripInlineMarkdown(line: string): string {
  return line
    .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/<\/?[a-z][^>]*>/gi, "")
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, "$2")
    .replace(/(^|[\s(])([*_])(?=\S)(.+?)(?<=\S)\2(?=[\s).,;:!?]|$)/g, "$1$3")
    .replace(/[ \t]+/g, " ");
}

/** The whole cleaning pass applied to every loaded document's text. */
export function cleanText(text: string): string {
  return decodeEntities(repairMojibake(text.normalize("NFC")))
    .replace(/\r\n?/g, "\n")
    .replace(/[\u200B\uFEFF]/g, "")
    .replace(/\u00A0/g, " ");
}
