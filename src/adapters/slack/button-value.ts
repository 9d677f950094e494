import { z } from "zod";
import type { Answer } from "../../engine/answer.js";
import { SLACK_BUTTON_VALUE_MAX } from "./limits.js";

/** What a feedback button needs to record a vote after a restart, when the answer is no longer in memory. */
export interface ButtonFacts {
  answerId: string;
  /** The question, clipped; empty on buttons from before buttons carried it. */
  question: string;
  citations: Array<{ id: number; title: string; section: string; url: string }>;
}

/** Longest question kept in a button; the rest of the 2,000 characters go to the sources. */
const QUESTION_MAX = 600;
const PART_MAX = 200;

const Encoded = z.object({
  id: z.string().min(1),
  q: z.string().default(""),
  c: z.array(z.tuple([z.number().int(), z.string(), z.string(), z.string()])).default([]),
});

/**
 * The button value: the answer's id, its question and as many of its sources as fit in Slack's 2,000 characters,
 * as JSON. The answer text is not included (it is often longer than that); a click reads it from the message.
 */
export function encodeButtonValue(answerId: string, answer: Answer): string {
  const encoded: z.infer<typeof Encoded> = { id: answerId, q: clip(answer.question, QUESTION_MAX), c: [] };
  for (const citation of answer.citations) {
    const entry: [number, string, string, string] = [citation.id, clip(citation.title, PART_MAX), clip(citation.section, PART_MAX), citation.url.length <= PART_MAX * 2 ? citation.url : ""];
    if (JSON.stringify({ ...encoded, c: [...encoded.c, entry] }).length > SLACK_BUTTON_VALUE_MAX) break;
    encoded.c.push(entry);
  }
  const value = JSON.stringify(encoded);
  return value.length <= SLACK_BUTTON_VALUE_MAX ? value : JSON.stringify({ id: answerId });
}

/** Reads a button value; a plain id (buttons posted before values carried more) gives an empty question. */
export function decodeButtonValue(value: string): ButtonFacts {
  if (value.startsWith("{")) {
    try {
      const parsed = Encoded.safeParse(JSON.parse(value));
      if (parsed.success) return { answerId: parsed.data.id, question: parsed.data.q, citations: parsed.data.c.map(([id, title, section, url]) => ({ id, title, section, url })) };
    } catch {
      // not JSON after all: treat the whole value as an id
    }
  }
  return { answerId: value, question: "", citations: [] };
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
