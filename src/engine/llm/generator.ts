import type { Answer, Turn } from "../answer.js";
import type { Passage } from "../retrieve.js";

export interface GeneratorInput {
  question: string;
  /** Earlier turns of the conversation, oldest first. */
  history: Turn[];
  /** The retrieved passages, in the order they are numbered for the model (passage n is `passages[n - 1]`). */
  passages: Passage[];
  /** The extractive composer's answer: returned unchanged whenever the generated one cannot be used. */
  extractive: Answer;
  signal?: AbortSignal;
}

/** Writes the answer text with an LLM, held to the same citation contract as the extractive composer. */
export interface Generator {
  readonly id: string;
  /** Never rejects: a validated generated Answer, a "not covered" refusal, or `input.extractive` unchanged. */
  generate(input: GeneratorInput): Promise<Answer>;
  /**
   * As `generate`, calling `onPartial` with the unvalidated answer text so far (markers renumbered) while it streams.
   * The resolved Answer is the one to show in the end; it may be the extractive one.
   */
  stream?(input: GeneratorInput, onPartial: (text: string) => void): Promise<Answer>;
}
