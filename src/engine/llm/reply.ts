import { parseJsonMarkdown } from "@langchain/core/output_parsers";
import { z } from "zod";

/** What the model is asked to return. `covered` comes first so a streamed reply says early which kind it is. */
const GeneratedReply = z.object({
  covered: z.boolean().describe("false when the passages do not answer the question"),
  answer: z.string().describe("The answer in Markdown; every sentence ends with the [n] markers of the passages that support it. Empty when covered is false."),
});
export type GeneratedReply = z.infer<typeof GeneratedReply>;

/** The reply schema as JSON Schema, for the endpoint's structured-output option. */
export const GENERATED_REPLY_JSON_SCHEMA: Record<string, unknown> = (() => {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(GeneratedReply);
  return schema;
})();

const NOT_COVERED = /^\W*not covered\W*$/i;

/**
 * Reads the model's reply. Structured output gives bare JSON; endpoints without it may wrap the JSON in a
 * code fence or prose, or answer in plain text, which is taken as the answer itself (validation still applies).
 * Undefined when the text is JSON-like but not a valid reply.
 */
export function parseReply(text: string): GeneratedReply | undefined {
  const trimmed = text.trim();
  for (const candidate of jsonCandidates(trimmed)) {
    const parsed = GeneratedReply.safeParse(parseJson(candidate));
    if (parsed.success) return parsed.data;
  }
  if (trimmed === "" || trimmed.includes("{")) return undefined;
  if (NOT_COVERED.test(trimmed)) return { covered: false, answer: "" };
  return { covered: true, answer: trimmed };
}

/** The answer text so far of a reply that is still streaming, when there is one to show. */
export function partialAnswer(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("```")) return trimmed || undefined;
  const partial: unknown = safely(() => parseJsonMarkdown(trimmed));
  if (!partial || typeof partial !== "object") return undefined;
  const { covered, answer } = partial as { covered?: unknown; answer?: unknown };
  return covered !== false && typeof answer === "string" && answer.trim() !== "" ? answer : undefined;
}

function jsonCandidates(text: string): string[] {
  const candidates = [text];
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  if (fenced?.[1]) candidates.push(fenced[1].trim());
  const open = text.indexOf("{");
  const close = text.lastIndexOf("}");
  if (open >= 0 && close > open) candidates.push(text.slice(open, close + 1));
  return candidates;
}

function parseJson(text: string): unknown {
  return safely(() => JSON.parse(text) as unknown);
}

function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
