import fs from "node:fs/promises";
import { z } from "zod";
import { CitebotError, ErrorCode } from "../errors.js";

/** Where the team's evaluation questions live, relative to the working directory. */
export const DEFAULT_QUESTIONS_FILE = "eval/questions.json";

const QuestionText = z.string().regex(/\S/, { message: "must not be blank" });
/** Free labels ("paraphrase", "decision", "short", "long", "hostile") the report breaks results down by. */
const Tags = z.array(z.string().min(1)).default([]);

/** A question the corpus answers: a grounded reply must cite `source` in a section whose heading path contains `section`. */
export const OnTopicQuestion = z.strictObject({
  question: QuestionText,
  /** File name relative to the corpus folder, e.g. "how-scalable-is-django.md". */
  source: z.string().min(1),
  /** A substring of the expected heading path, e.g. "Web/IoT Analytics Collection". */
  section: z.string().min(1),
  offTopic: z.literal(false).optional(),
  tags: Tags,
});
export type OnTopicQuestion = z.infer<typeof OnTopicQuestion>;

/** A question the corpus does not answer: the only right reply is a refusal. */
export const OffTopicQuestion = z.strictObject({
  question: QuestionText,
  offTopic: z.literal(true),
  tags: Tags,
});
export type OffTopicQuestion = z.infer<typeof OffTopicQuestion>;

export const EvalQuestion = z.union([OffTopicQuestion, OnTopicQuestion]);
export type EvalQuestion = z.infer<typeof EvalQuestion>;

export const EvalQuestions = z.array(EvalQuestion).min(1, { message: "needs at least one question" });

export function isOffTopic(question: EvalQuestion): question is OffTopicQuestion {
  return question.offTopic === true;
}

/** Validates parsed JSON; every bad entry is named in one error. */
export function parseQuestions(data: unknown, origin: string): EvalQuestion[] {
  const result = EvalQuestions.safeParse(data);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`)).join("") || "(file)"}: ${issue.message}`);
    throw new CitebotError(ErrorCode.ConfigInvalid, `${origin} is not a valid question list (an array of { question, source, section } or { question, offTopic: true }):\n${lines.join("\n")}`);
  }
  return result.data;
}

export async function loadQuestions(file: string = DEFAULT_QUESTIONS_FILE): Promise<EvalQuestion[]> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    throw new CitebotError(ErrorCode.ConfigInvalid, `Cannot read the eval questions ${file}: ${(error as Error).message}`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CitebotError(ErrorCode.ConfigInvalid, `${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseQuestions(data, file);
}
