import fs from "node:fs/promises";
import { z } from "zod";

/** A section a right answer may cite: the file (relative to the corpus) and the text of its deepest heading. */
export const ExpectedSection = z.strictObject({
  source: z.string().min(1),
  section: z.string().min(1),
});
export type ExpectedSection = z.infer<typeof ExpectedSection>;

/** One key fact: present when any of its alternatives appears in the answer (case-insensitive). */
export const Fact = z.array(z.string().min(1)).min(1);

export const Verdict = z.enum(["yes", "no", "depends"]);
export type Verdict = z.infer<typeof Verdict>;

const Common = {
  id: z.string().min(1),
  question: z.string().regex(/\S/, { message: "must not be blank" }),
  /** Earlier questions of the same conversation, oldest first, for follow-ups. */
  context: z.array(z.string().min(1)).optional(),
  tags: z.array(z.string().min(1)).default([]),
};

export const AnswerableQuestion = z.strictObject({
  ...Common,
  answerable: z.literal(true),
  sections: z.array(ExpectedSection).min(1),
  facts: z.array(Fact).default([]),
  verdict: Verdict.optional(),
});
export type AnswerableQuestion = z.infer<typeof AnswerableQuestion>;

export const UnanswerableQuestion = z.strictObject({
  ...Common,
  answerable: z.literal(false),
  nearMiss: z.boolean().default(false),
});
export type UnanswerableQuestion = z.infer<typeof UnanswerableQuestion>;

export const SetQuestion = z.discriminatedUnion("answerable", [AnswerableQuestion, UnanswerableQuestion]);
export type SetQuestion = z.infer<typeof SetQuestion>;

export const Half = z.enum(["dev", "test"]);
export type Half = z.infer<typeof Half>;

/** `eval/sets/<set>.<half>.json`: questions written blind from one corpus, half of them kept for testing. */
export const QuestionSet = z.strictObject({
  set: z.string().min(1),
  half: Half,
  /** The corpus folder the questions were written from, relative to the repository root. */
  corpusDir: z.string().min(1),
  questions: z.array(SetQuestion).min(1),
});
export type QuestionSet = z.infer<typeof QuestionSet>;

/** Reads and validates one set file; every bad entry is named in the error. */
export async function loadQuestionSet(file: string): Promise<QuestionSet> {
  const text = await fs.readFile(file, "utf8");
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = QuestionSet.safeParse(data);
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 20).map((issue) => `  ${issue.path.join(".") || "(file)"}: ${issue.message}`);
    throw new Error(`${file} is not a valid question set:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
