import { asCitebotError, ErrorCode } from "../../errors.js";
import type { Logger } from "../../logger.js";
import type { Answer } from "../answer.js";
import type { ChatBackend } from "./chat-backend.js";
import { citedAnswer, notCoveredAnswer } from "./cited-answer.js";
import type { Generator, GeneratorInput } from "./generator.js";
import { buildMessages } from "./prompt.js";
import { parseReply, partialAnswer } from "./reply.js";
import { previewCitations, validateCitations, type CitationProblem } from "./validate-citations.js";

/** Why the extractive answer was sent instead of a generated one (logged, never shown to the user). */
type FallbackReason = "timeout" | "cancelled" | "endpoint_error" | "invalid_reply" | CitationProblem;

export interface LlmGeneratorOptions {
  /** LLM_TIMEOUT_MS: past it, the request is abandoned and the extractive answer sent. */
  timeoutMs: number;
  /**
   * ANSWER_TIMEOUT_MS, the chat layer's limit for the whole answer. Generation stops in time for the extractive
   * answer to go out within it; otherwise a slow model would turn a good extractive answer into an apology.
   */
  answerTimeoutMs?: number;
  logger: Logger;
}

// Time left, after generation gives up, for the extractive answer to reach the chat layer before ANSWER_TIMEOUT_MS.
const HANDOFF_MARGIN_MS = 500;

/**
 * Generates through `backend` and holds the result to the citation contract. Only a grounded extractive
 * answer is rewritten: when the extractive composer found no support, the model is not asked to find some.
 */
export function createLlmGenerator(backend: ChatBackend, options: LlmGeneratorOptions): Generator {
  const logger = options.logger.child({ generator: backend.id });

  async function run(input: GeneratorInput, onPartial?: (text: string) => void): Promise<Answer> {
    if (!input.extractive.grounded || input.passages.length === 0) return input.extractive;
    const started = performance.now();
    const { timeoutMs, limit } = budget(input.extractive);
    if (timeoutMs <= 0) return fallBack(input, "timeout", `no time left within ${limit}`);
    const deadline = AbortSignal.timeout(timeoutMs);
    const done = new AbortController();
    const signal = AbortSignal.any([deadline, done.signal, ...(input.signal ? [input.signal] : [])]);
    let lastPreview = "";
    const onText = onPartial
      ? (soFar: string) => {
          const answer = partialAnswer(soFar);
          const preview = answer === undefined ? "" : previewCitations(answer, input.passages.length);
          if (done.signal.aborted || preview.trim() === "" || preview === lastPreview) return;
          lastPreview = preview;
          try {
            onPartial(preview);
          } catch (error) {
            logger.debug({ err: error }, "onPartial threw; streaming continues");
          }
        }
      : undefined;

    try {
      const messages = buildMessages(input.question, input.history, input.passages);
      const text = await untilAborted(readText(backend.streamText(messages, signal), onText), signal);
      const reply = parseReply(text);
      if (!reply) return fallBack(input, "invalid_reply", `not the requested JSON: ${clip(text)}`);
      const elapsed = performance.now() - started;
      if (!reply.covered) {
        logger.info("the model found the passages do not answer the question; sending a refusal");
        return notCoveredAnswer(input.passages, input.extractive, backend.id, elapsed);
      }
      const check = validateCitations(reply.answer, input.passages.map((passage) => passage.chunk.text));
      if (!check.ok) return fallBack(input, check.problem, check.detail);
      logger.debug({ ms: Math.round(elapsed), citations: check.cited.length }, "generated answer passed validation");
      return citedAnswer(check, input.passages, input.extractive, backend.id, elapsed);
    } catch (error) {
      if (deadline.aborted) return fallBack(input, "timeout", `no complete reply within ${limit}`);
      if (input.signal?.aborted) return fallBack(input, "cancelled", "the caller cancelled the answer");
      return fallBack(input, "endpoint_error", error instanceof Error ? error.message : String(error), error);
    } finally {
      done.abort();
    }
  }

  function budget(extractive: Answer): { timeoutMs: number; limit: string } {
    const llm = { timeoutMs: options.timeoutMs, limit: `${options.timeoutMs} ms (LLM_TIMEOUT_MS)` };
    if (options.answerTimeoutMs === undefined) return llm;
    const left = Math.floor(options.answerTimeoutMs - extractive.timings.totalMs - HANDOFF_MARGIN_MS);
    return left < llm.timeoutMs ? { timeoutMs: left, limit: `${options.answerTimeoutMs} ms for the whole answer (ANSWER_TIMEOUT_MS)` } : llm;
  }

  function fallBack(input: GeneratorInput, reason: FallbackReason, detail: string, error?: unknown): Answer {
    logger.warn({ reason, detail, ...(error === undefined ? {} : { err: asCitebotError(error, ErrorCode.GeneratorFailed) }) }, `generated answer not used (${reason}); sending the extractive answer`);
    return input.extractive;
  }

  return {
    id: backend.id,
    generate: (input) => run(input),
    stream: (input, onPartial) => run(input, onPartial),
  };
}

async function readText(pieces: AsyncIterable<string>, onText: ((soFar: string) => void) | undefined): Promise<string> {
  let text = "";
  for await (const piece of pieces) {
    text += piece;
    onText?.(text);
  }
  return text;
}

/** Settles when `signal` aborts even if the client library does not notice it (ChatOllama checks only between chunks). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}…` : flat || "(empty)";
}
