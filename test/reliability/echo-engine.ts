import type { Answer } from "../../src/engine/answer.js";
import { groundedAnswer } from "../fakes/engine.js";

/**
 * An answer that repeats the question in its text and its first quote, as a corpus sentence quoting what a user
 * typed would: the worst case for mention and Markdown injection, since hostile input reaches every field.
 */
export function echoAnswer(question: string): Answer {
  const base = groundedAnswer(question);
  const [first, second] = base.citations;
  return groundedAnswer(question, { answer: `${question} [1]`, citations: [{ ...first!, quote: question, section: question.slice(0, 300) }, ...(second ? [second] : [])] });
}
