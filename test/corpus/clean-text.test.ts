import { describe, expect, it } from "vitest";
import { cleanText, decodeEntities, repairMojibake } from "../../src/corpus/clean-text.js";

describe("repairMojibake", () => {
  it("repairs a two-byte character (Î¼s → μs)", () => {
    expect(repairMojibake("measured in Î¼s")).toBe("measured in μs");
  });

  it("repairs a three-byte character decoded as Windows-1252 (itâ€™s → it’s)", () => {
    expect(repairMojibake("itâ€™s fast")).toBe("it’s fast");
  });

  it("repairs accented Latin letters (cafÃ© → café)", () => {
    expect(repairMojibake("cafÃ© au lait")).toBe("café au lait");
  });

  it("leaves correct UTF-8 text alone", () => {
    const text = "naïve café — “quoted” 5 μs, Zürich, déjà vu, 10°C";
    expect(repairMojibake(text)).toBe(text);
  });

  it("is idempotent", () => {
    const once = repairMojibake("itâ€™s Î¼s");
    expect(repairMojibake(once)).toBe(once);
  });
});

describe("decodeEntities", () => {
  it("decodes named entities", () => {
    expect(decodeEntities("&lt;p&gt; &amp; &rsquo; &hellip; &mdash;")).toBe("<p> & ’ … —");
  });

  it("decodes decimal and hex references", () => {
    expect(decodeEntities("&#8217; &#x2014; &#X201C;")).toBe("’ — “");
  });

  it("leaves an unknown named reference as it is", () => {
    expect(decodeEntities("&bogus; stays")).toBe("&bogus; stays");
  });

  it("turns out-of-range and NUL references into U+FFFD, as browsers do", () => {
    expect(decodeEntities("&#x110000; &#0;")).toBe("\uFFFD \uFFFD");
  });

  it("decodes once, so an escaped entity stays an entity", () => {
    expect(decodeEntities("&amp;amp;")).toBe("&amp;");
  });
});

describe("cleanText", () => {
  it("turns CRLF and CR line endings into LF", () => {
    expect(cleanText("a\r\nb\rc")).toBe("a\nb\nc");
  });

  it("drops zero-width spaces and byte-order marks", () => {
    expect(cleanText("\uFEFFDja\u200Bngo")).toBe("Django");
  });

  it("turns non-breaking spaces into spaces", () => {
    expect(cleanText("5\u00A0ms and 6\u00A0ms")).toBe("5 ms and 6 ms");
  });

  it("repairs mojibake", () => {
    expect(cleanText("itâ€™s 5 Î¼s")).toBe("it’s 5 μs");
  });

  it("leaves entities for the parser, which decodes them once", () => {
    expect(cleanText("Rails &amp; Django")).toBe("Rails &amp; Django");
  });

  it("composes decomposed accents (NFC)", () => {
    expect(cleanText("cafe\u0301")).toBe("café");
  });
});
