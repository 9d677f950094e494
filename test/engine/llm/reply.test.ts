import { describe, expect, it } from "vitest";
import { GENERATED_REPLY_JSON_SCHEMA, parseReply, partialAnswer } from "../../../src/engine/llm/reply.js";

describe("parseReply", () => {
  it("reads the structured-output JSON", () => {
    expect(parseReply('{"covered": true, "answer": "Keys rotate every 90 days [1]."}')).toEqual({ covered: true, answer: "Keys rotate every 90 days [1]." });
  });

  it("reads JSON wrapped in a code fence", () => {
    expect(parseReply('```json\n{"covered": false, "answer": ""}\n```')).toEqual({ covered: false, answer: "" });
  });

  it("reads JSON with prose around it", () => {
    expect(parseReply('Here you go:\n{"covered": true, "answer": "Roll back [2]."}\nHope that helps!')).toEqual({ covered: true, answer: "Roll back [2]." });
  });

  it("takes plain text as the answer, to be validated like any other", () => {
    expect(parseReply("Roll back with the CLI [2].")).toEqual({ covered: true, answer: "Roll back with the CLI [2]." });
  });

  it('takes a plain "not covered" as not covered', () => {
    expect(parseReply("NOT COVERED.")).toEqual({ covered: false, answer: "" });
  });

  it("refuses JSON that is not the reply shape, and an empty reply", () => {
    expect([parseReply('{"answer": 42}'), parseReply('{"covered": true, "answer": "cut off'), parseReply("")]).toEqual([undefined, undefined, undefined]);
  });
});

describe("partialAnswer", () => {
  it("shows the answer field of a reply still streaming", () => {
    expect(partialAnswer('{"covered": true, "answer": "Roll back with')).toBe("Roll back with");
  });

  it("shows nothing before the answer starts, or for a reply that is not covered", () => {
    expect([partialAnswer('{"cove'), partialAnswer('{"covered": false, "answer": "')]).toEqual([undefined, undefined]);
  });
});

describe("GENERATED_REPLY_JSON_SCHEMA", () => {
  // OpenAI's strict structured output accepts only closed objects whose every property is required.
  it("is a closed object requiring every property", () => {
    expect(GENERATED_REPLY_JSON_SCHEMA).toMatchObject({ type: "object", required: ["covered", "answer"], additionalProperties: false });
  });
});
