import type { Config } from "../../config.js";
import type { Logger } from "../../logger.js";
import { chatBackend } from "./chat-backend.js";
import type { Generator } from "./generator.js";
import { createLlmGenerator } from "./llm-generator.js";

export type { Generator, GeneratorInput } from "./generator.js";

/** The generator GENERATOR names, or undefined for `extractive` (the default, which needs no endpoint). */
export function createGenerator(config: Config, logger: Logger): Generator | undefined {
  const backend = chatBackend(config);
  if (!backend) return undefined;
  return createLlmGenerator(backend, { timeoutMs: config.LLM_TIMEOUT_MS, answerTimeoutMs: config.ANSWER_TIMEOUT_MS, logger });
}
