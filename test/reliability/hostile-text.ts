import fc from "fast-check";

// What anyone in a channel can type, and what a corpus document can contain: the inputs issue 6 lists.

const WHITESPACE = [" ", "\t", "\n", "\r\n", "\u00A0", "\u2003", "\u3000", "\u2028", "\u000B", "\u000C"];
const ZERO_WIDTH = ["\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD", "\u180E"];
const BIDI = ["\u202E", "\u202D", "\u2066", "\u2067", "\u2068", "\u2069", "\u200F", "\u061C"];
const LONE_SURROGATES = ["\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uD83D", "\uDE00x", "a\uD800b"];
const RTL = ["שלום עולם", "مرحبا بالعالم", "\u202Eevil.exe\u202C", "ما هو Django؟", "עברית (mixed) English"];
const EMOJI = ["👍", "👍🏽", "👨‍👩‍👧‍👦", "🇺🇦", "🏳️‍🌈", "❤️‍🔥", "🧑🏿‍💻", "🤖", "💩".repeat(5), "\u{1F600}\u{1F64F}"];

/** Slack's ping and formatting syntax, including forms that only turn live after normalisation. */
const SLACK_SYNTAX = [
  "<!channel>",
  "<!here>",
  "<!everyone>",
  "<!here|here>",
  "<!channel|@channel>",
  "<!subteam^S0123ABC|@oncall>",
  "<!subteam^S0123ABC>",
  "<@U0123ABCD>",
  "<@W0123ABCD|boss>",
  "<@UBOT0001>",
  "<#C0123ABCD|general>",
  "<!date^1392734382^{date_num}|Feb 18>",
  "@channel",
  "@here",
  "@everyone",
  "＜!channel＞",
  "＠channel",
  "<\u200B!channel>",
  "<!chan\u200Bnel>",
  "&lt;!channel&gt;",
  "&amp;lt;!here&amp;gt;",
  "*bold*",
  "_italic_",
  "~strike~",
  "`code`",
  "> quoted",
  "<https://evil.example/|click me>",
  "<mailto:a@b.c|mail>",
  "<javascript:alert(1)|x>",
];

/** Discord's ping and Markdown syntax. */
const DISCORD_SYNTAX = [
  "@everyone",
  "@here",
  "@EVERYONE",
  "@everyone's",
  "<@123456789012345678>",
  "<@!123456789012345678>",
  "<@&987654321098765432>",
  "<@100000000000000001>",
  "<#300000000000000001>",
  "</ask:600000000000000001>",
  "＠everyone",
  "@\u200Beveryone",
  "@every\u0000one",
  "**bold**",
  "__underline__",
  "||spoiler||",
  "~~gone~~",
  "# Heading",
  "-# small",
  "[link](https://evil.example/)",
  "[@everyone](https://evil.example/)",
  "[x](<https://a.example/ b>)",
  "\\@everyone",
  "> quote",
  ">>> block quote",
];

const CODE = ["```", "```js\nconsole.log('@everyone')\n```", "~~~\n<!here>\n~~~", "``", "`", "```\n<!channel>", "    indented code @here"];

const URLS = [
  "https://example.com/a|b>c",
  "https://example.com/?q=<!channel>",
  "<https://example.com/|<!here>>",
  "https://example.com/path#@everyone",
  "http://a.example/(paren)|<@U0123ABCD>",
  "https://ex.ample/>/<!everyone>",
  "https://example.com/" + "a".repeat(3_500),
  "[[1]](https://example.com/)",
  "javascript:alert(1)",
  "ftp://files.example/x",
  "https://user:pass@example.com/",
];

const WORDS = ["Does Django scale?", "Why not use a web framework for games?", "what", "help", "?", "[1]", "[99]", "Elixir", "0", "NaN", "null", "undefined"];

const controlChar = fc.integer({ min: 0, max: 0x1f }).chain((code) => fc.constantFrom(String.fromCharCode(code), String.fromCharCode(code + 0x80), "\u007F"));

/** One piece of hostile text; pieces are glued together into inputs. */
export const hostileFragment: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SLACK_SYNTAX, ...DISCORD_SYNTAX) },
  { weight: 2, arbitrary: fc.constantFrom(...CODE, ...URLS) },
  { weight: 2, arbitrary: fc.constantFrom(...WHITESPACE, ...ZERO_WIDTH, ...BIDI) },
  { weight: 2, arbitrary: fc.constantFrom(...LONE_SURROGATES, ...RTL, ...EMOJI) },
  { weight: 2, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 1, arbitrary: controlChar },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
);

const glue = fc.constantFrom("", " ", "\n", "\n\n", "|", ">", "<", "&");

/** A mix of hostile fragments, up to a few hundred characters. */
export const hostileMix: fc.Arbitrary<string> = fc
  .array(fc.tuple(hostileFragment, glue), { minLength: 1, maxLength: 24 })
  .map((parts) => parts.map(([fragment, separator]) => fragment + separator).join(""));

/** Nothing to answer: empty, spaces, invisible and control characters only. */
export const blankText: fc.Arbitrary<string> = fc
  .array(fc.oneof(fc.constantFrom(...WHITESPACE, ...ZERO_WIDTH, ...BIDI), controlChar), { maxLength: 40 })
  .map((parts) => parts.join(""));

/** 50–110 KB: a paste of a log file, a minified bundle, or a mention repeated to fill the message. */
export const hugeText: fc.Arbitrary<string> = fc
  .tuple(fc.oneof(hostileMix, fc.constantFrom("@everyone ", "<!channel> ", "a", "```", "\u200B", "🇺🇦", "\uD800")), fc.integer({ min: 50_000, max: 110_000 }))
  .map(([piece, size]) => {
    const unit = piece.length > 0 ? piece : "x";
    return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  });

/** Every kind of input issue 6 names, weighted so that each shows up many times in a thousand runs. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: hostileMix },
  { weight: 2, arbitrary: blankText },
  { weight: 1, arbitrary: hugeText },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 2_000 }) },
);

/** Short hostile text, for the fields that real documents keep short (titles, sections). */
export const hostileLabel: fc.Arbitrary<string> = fc.oneof(hostileMix, blankText, fc.string({ unit: "binary", maxLength: 300 }));

/** A URL field from a document's front matter: hostile, relative, or a real web address. */
export const hostileUrl: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...URLS, "", "/posts/relative/#section", "https://docs.example.com/page#part"),
  fc.webUrl({ withFragments: true, withQueryParameters: true }),
  hostileMix,
);
