import { z } from "zod";

/** One cited passage; `id` is the number of its `[n]` marker in the answer text. */
export const Citation = z.object({
  id: z.number().int().positive(),
  chunkId: z.string(),
  source: z.string(),
  title: z.string(),
  section: z.string(),
  url: z.string(),
  score: z.number(),
  quote: z.string(),
});
export type Citation = z.infer<typeof Citation>;

const Timings = z.object({
  embedMs: z.number().nonnegative(),
  retrieveMs: z.number().nonnegative(),
  composeMs: z.number().nonnegative(),
  totalMs: z.number().nonnegative(),
});
type Timings = z.infer<typeof Timings>;

/**
 * Why a question was not answered: the evidence checks of src/engine/refusal.ts, or input that was no question about
 * the documents at all.
 */
export const Refusal = z.enum(["unknown-name", "name-not-covered", "no-figure", "off-vocabulary", "weak", "not-a-question", "out-of-scope"]);
export type Refusal = z.infer<typeof Refusal>;

/** What the engine returns and the only thing adapters format. */
export const Answer = z.object({
  question: z.string(),
  /** Plain Markdown; every sentence carries one or more `[n]` markers when grounded. */
  answer: z.string(),
  grounded: z.boolean(),
  citations: z.array(Citation),
  timings: Timings,
  /** Which composer produced the text (`extractive`, or the LLM generator that passed validation). */
  generator: z.string().default("extractive"),
  /** On a refusal: the nearest topics the corpus does cover ("Title › Section"). */
  related: z.array(z.string()).default([]),
  /** The question as the engine read it: a follow-up folded into its thread, typos and short forms spelt as the documents do. */
  understoodAs: z.string().optional(),
  /** Set on a refusal (grounded false): why, for the questions log and the gap report. */
  refusal: Refusal.optional(),
  /** For a decision question ("should we…?", "ok to…?"): what the cited sources support. */
  verdict: z.enum(["yes", "no", "depends"]).optional(),
});
export type Answer = z.infer<typeof Answer>;

/** A previous exchange in the same conversation (thread, DM, chat session). */
export const Turn = z.object({
  question: z.string(),
  answer: z.string().optional(),
  /** Chunk ids the answer cited: a follow-up ("by how much?") is first looked for where the last answer came from. */
  cited: z.array(z.string()).optional(),
});
export type Turn = z.infer<typeof Turn>;

export interface AnswerOptions {
  /** Earlier turns of the conversation, oldest first. */
  history?: Turn[];
  signal?: AbortSignal;
  /** Skip the opt-in LLM generator (warm-up, evaluation of the extractive engine). */
  extractiveOnly?: boolean;
  /**
   * The documents this question may be answered from (a channel's document set): a source path the function
   * refuses is never retrieved, quoted or cited. All documents when absent.
   */
  allowSource?: (source: string) => boolean;
  /** The same filter as data, the source paths allowed: what crosses to an engine worker thread. */
  allowSources?: readonly string[];
  /**
   * Called with the answer text so far while an LLM generator writes it (LLM_MODEL or GENERATOR=openai|ollama), for showing
   * progress in chat. That text is unvalidated: only the resolved Answer may be shown as the answer.
   */
  onPartial?: (text: string) => void;
}

/** A document the corpus covers, for "what do you know about?" and refusals. */
export interface Topic {
  title: string;
  url: string;
  sections: string[];
}

/** The platform-agnostic answer engine; adapters and the CLI depend only on this. */
export interface Engine {
  answer(question: string, options?: AnswerOptions): Promise<Answer>;
  topics(): Topic[];
}
