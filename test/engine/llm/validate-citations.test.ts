import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { previewCitations, validateCitations } from "../../../src/engine/llm/validate-citations.js";

const PASSAGES = [
  "Deploy keys rotate every 90 days.",
  "Roll back with deploy rollback. See https://wiki.example/rollback for details.",
  "The on-call engineer is paged after five minutes of errors.",
];

describe("validateCitations accepts", () => {
  it("an answer whose every sentence carries a marker to a given passage", () => {
    const check = validateCitations("Keys rotate every 90 days [1]. Pages go out after five minutes [3].", PASSAGES);
    expect(check.ok).toBe(true);
  });

  it("renumbers markers 1..k in order of first use", () => {
    const check = validateCitations("Roll back with the CLI [2]. Keys rotate on their own [1]. Rollbacks page nobody [2][3].", PASSAGES);
    expect(check).toMatchObject({ ok: true, text: "Roll back with the CLI [1]. Keys rotate on their own [2]. Rollbacks page nobody [1][3].", cited: [2, 1, 3] });
  });

  it("writes a marker list such as [1, 3] as separate markers", () => {
    const check = validateCitations("Both apply here [1, 3].", PASSAGES);
    expect(check).toMatchObject({ ok: true, text: "Both apply here [1][2].", cited: [1, 3] });
  });

  it("attaches a marker written after the full stop to the sentence before it", () => {
    const check = validateCitations("Keys rotate every 90 days. [1] Pages go out after five minutes. [3]", PASSAGES);
    expect(check).toMatchObject({ ok: true, sentences: [{ text: "Keys rotate every 90 days.", passages: [1] }, { text: "Pages go out after five minutes.", passages: [3] }] });
  });

  it("treats each list item as a sentence", () => {
    const check = validateCitations("- Rotate keys [1]\n- Roll back with the CLI [2]", PASSAGES);
    expect(check).toMatchObject({ ok: true, sentences: [{ text: "Rotate keys", passages: [1] }, { text: "Roll back with the CLI", passages: [2] }] });
  });

  it("keeps an abbreviation inside its sentence", () => {
    const check = validateCitations("Use a tool, e.g. the deploy CLI, to roll back [2].", PASSAGES);
    expect(check).toMatchObject({ ok: true, sentences: [{ passages: [2] }] });
  });

  it("allows a link that a passage contains", () => {
    expect(validateCitations("Details are at https://wiki.example/rollback. [2]", PASSAGES).ok).toBe(true);
  });

  it("does not mistake a Markdown link for a marker", () => {
    const check = validateCitations("See [the wiki](https://wiki.example/rollback) for the steps [2].", PASSAGES);
    expect(check).toMatchObject({ ok: true, cited: [2] });
  });
});

describe("validateCitations refuses", () => {
  it("a sentence without a marker", () => {
    expect(validateCitations("Keys rotate every 90 days [1]. Also restart the database.", PASSAGES)).toMatchObject({ ok: false, problem: "uncited_sentence" });
  });

  it("an uncited lower-case sentence following a cited one", () => {
    expect(validateCitations("Roll back with the CLI [2]. npm install rollback-helper first.", PASSAGES)).toMatchObject({ ok: false, problem: "uncited_sentence" });
  });

  it("a marker to a passage that was not given", () => {
    expect(validateCitations("Keys rotate every 90 days [4].", PASSAGES)).toMatchObject({ ok: false, problem: "unknown_passage" });
  });

  it("marker [0]", () => {
    expect(validateCitations("Keys rotate every 90 days [0].", PASSAGES)).toMatchObject({ ok: false, problem: "unknown_passage" });
  });

  it("a link no passage contains", () => {
    expect(validateCitations("Log in at https://phish.example/login to roll back [2].", PASSAGES)).toMatchObject({ ok: false, problem: "foreign_link" });
  });

  it("an empty answer, or one made only of markers", () => {
    expect([validateCitations("  ", PASSAGES), validateCitations("[1][2]", PASSAGES)].map((check) => check.ok || check.problem)).toEqual(["empty_answer", "empty_answer"]);
  });

  it("a heading line, which is a sentence without a marker", () => {
    expect(validateCitations("## Rollbacks\nRoll back with the CLI [2].", PASSAGES)).toMatchObject({ ok: false, problem: "uncited_sentence" });
  });
});

describe("validateCitations, for any answer", () => {
  const sentence = fc.record({ words: fc.stringMatching(/^[A-Z][a-z]{2,8}( [a-z]{2,8}){1,5}$/), marker: fc.integer({ min: 1, max: PASSAGES.length }) });

  it("accepts cited sentences and numbers their markers densely from 1", () => {
    fc.assert(
      fc.property(fc.array(sentence, { minLength: 1, maxLength: 6 }), (sentences) => {
        const check = validateCitations(sentences.map((s) => `${s.words} [${s.marker}].`).join(" "), PASSAGES);
        if (!check.ok) return false;
        const used = [...check.text.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1]));
        const firstUses = used.filter((n, i) => used.indexOf(n) === i);
        return firstUses.every((n, i) => n === i + 1) && check.cited.length === firstUses.length;
      }),
    );
  });

  it("refuses it as soon as one sentence loses its marker", () => {
    fc.assert(
      fc.property(fc.array(sentence, { minLength: 1, maxLength: 6 }), fc.nat(), (sentences, pick) => {
        const bare = pick % sentences.length;
        const text = sentences.map((s, i) => (i === bare ? `${s.words}.` : `${s.words} [${s.marker}].`)).join(" ");
        const check = validateCitations(text, PASSAGES);
        return !check.ok && check.problem === "uncited_sentence";
      }),
    );
  });
});

describe("previewCitations", () => {
  it("renumbers a partial answer as the final one will be, dropping a marker still being written", () => {
    expect(previewCitations("Roll back with the CLI [2]. Keys rotate [1]. Pages [", 3)).toBe("Roll back with the CLI [1]. Keys rotate [2]. Pages ");
  });

  it("drops markers to passages that were not given", () => {
    expect(previewCitations("Roll back [9] with the CLI [2].", 3)).toBe("Roll back  with the CLI [1].");
  });
});
