import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConversation } from "../../src/chat/conversation.js";
import type { IncomingMessage } from "../../src/chat/incoming-message.js";
import type { Reply } from "../../src/chat/reply.js";
import type { AnswerOptions } from "../../src/engine/answer.js";
import { silentLogger } from "../../src/logger.js";
import { groundedAnswer, scriptedEngine } from "../fakes/engine.js";
import { echoAnswer } from "./echo-engine.js";
import { scaled } from "./heavy.js";
import { hostileText } from "./hostile-text.js";
import { type ProcessFailures, watchProcessFailures } from "./process-failures.js";

const MAX_QUESTION_CHARS = 1_000;
const RUNS = scaled(1_200, 20_000);
const FAULT_RUNS = scaled(200, 2_000);

let failures: ProcessFailures;
beforeAll(() => {
  failures = watchProcessFailures();
});
afterAll(() => failures.stop());

let sequence = 0;
/** A fresh user and thread per input, so neither the rate limiter nor thread history links the runs. */
function message(text: string, platform: "slack" | "discord" = "slack"): IncomingMessage {
  sequence += 1;
  return { platform, userId: `U${sequence}`, channelId: "C1", threadKey: `C1:${sequence}`, text, isDirect: false };
}

function visibleText(reply: Reply): string {
  return reply.kind === "answer" ? reply.answer.answer : reply.text;
}

describe("conversation layer under generated input", () => {
  it(`replies to each of ${RUNS} hostile inputs with an answer or a polite notice, and never rejects`, async () => {
    const engine = scriptedEngine({ reply: echoAnswer });
    const conversation = createConversation({ engine, logger: silentLogger() }, { maxQuestionChars: MAX_QUESTION_CHARS, rateLimitPerMinute: 10_000, answerTimeoutMs: 5_000 });
    const kinds = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(hostileText, fc.constantFrom("slack" as const, "discord" as const), async (text, platform) => {
        const calls = engine.calls.length;
        const reply = await conversation.handle(message(text, platform));
        const key = reply.kind === "notice" ? `notice:${reply.reason}` : reply.kind;
        kinds.set(key, (kinds.get(key) ?? 0) + 1);
        expect(["answer", "notice"]).toContain(reply.kind);
        expect(visibleText(reply).trim().length).toBeGreaterThan(0);
        if (reply.kind === "answer") {
          const asked = engine.calls.at(-1)?.question ?? "";
          expect(engine.calls.length).toBe(calls + 1);
          expect(asked.trim().length).toBeGreaterThan(0);
          expect(asked.length).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
        } else {
          expect(engine.calls.length).toBe(calls);
        }
      }),
      { numRuns: RUNS },
    );
    // The generators reach every path: answers, empty input, huge input.
    expect({ answer: (kinds.get("answer") ?? 0) > 0, empty: (kinds.get("notice:empty") ?? 0) > 0, tooLong: (kinds.get("notice:too_long") ?? 0) > 0 }).toEqual({
      answer: true,
      empty: true,
      tooLong: true,
    });
  }, 120_000);

  it("turns every engine failure (throw, rejection, non-Error rejection, hang past the timeout) into an apology with a reference id", async () => {
    type Behaviour = "ok" | "throws" | "rejects" | "rejects-string" | "hangs" | "late";
    let behaviour: Behaviour = "ok";
    const signals: AbortSignal[] = [];
    const engine = scriptedEngine({
      reply: (question: string, options: AnswerOptions) => {
        if (options.signal) signals.push(options.signal);
        switch (behaviour) {
          case "ok":
            return groundedAnswer(question);
          case "throws":
            throw new TypeError(`engine blew up on ${question.slice(0, 20)}`);
          case "rejects":
            return Promise.reject(new Error("index went away"));
          case "rejects-string":
            return Promise.reject("a bare string");
          case "hangs":
            return new Promise(() => undefined);
          case "late":
            // Answers only once the deadline has passed: a fixed delay raced the 25 ms timeout on a busy machine,
            // where Node runs every due timer of one duration before the next (a stall let 60 ms beat 25 ms).
            return new Promise((resolve) => options.signal?.addEventListener("abort", () => setTimeout(() => resolve(groundedAnswer(question)), 5), { once: true }));
        }
      },
    });
    const conversation = createConversation({ engine, logger: silentLogger() }, { maxQuestionChars: MAX_QUESTION_CHARS, rateLimitPerMinute: 10_000, answerTimeoutMs: 25 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<Behaviour>("ok", "throws", "rejects", "rejects-string", "hangs", "late"), fc.constantFrom("Does Django scale?", "<!channel> help me", "@everyone why?"), async (chosen, text) => {
        behaviour = chosen;
        const reply = await conversation.handle(message(text));
        if (chosen === "ok") {
          expect(reply.kind).toBe("answer");
          return;
        }
        expect(reply.kind).toBe("error");
        if (reply.kind !== "error") return;
        expect(reply.referenceId).toMatch(/^E-[0-9A-F]{8}$/);
        expect(reply.text).toContain(reply.referenceId);
        // A timed-out answer is told to stop, so slow work does not pile up behind new questions.
        if (chosen === "hangs" || chosen === "late") expect(signals.at(-1)?.aborted).toBe(true);
      }),
      { numRuns: FAULT_RUNS },
    );
  }, 120_000);

  it("leaves no unhandled promise rejection or uncaught exception behind", () => {
    expect(failures).toMatchObject({ unhandledRejections: [], uncaughtExceptions: [] });
  });
});
