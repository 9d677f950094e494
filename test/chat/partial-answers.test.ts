import { describe, expect, it } from "vitest";
import { createConversation } from "../../src/chat/conversation.js";
import type { IncomingMessage } from "../../src/chat/incoming-message.js";
import { silentLogger } from "../../src/logger.js";
import { type ScriptedEngineOptions, groundedAnswer, scriptedEngine } from "../fakes/engine.js";

const message: IncomingMessage = { platform: "slack", userId: "U1", channelId: "C1", threadKey: "C1:1.0", text: "is Django scalable?", isDirect: false };

function setup(reply: NonNullable<ScriptedEngineOptions["reply"]>, answerTimeoutMs = 5_000) {
  const engine = scriptedEngine({ reply });
  const conversation = createConversation({ engine, logger: silentLogger() }, { maxQuestionChars: 200, rateLimitPerMinute: 100, answerTimeoutMs });
  return { engine, conversation };
}

describe("conversation: partial answer text", () => {
  it("hands the caller the engine's partial text, then replies with the final answer", async () => {
    const { conversation } = setup((question, options) => {
      options.onPartial?.("Django scales");
      options.onPartial?.("Django scales exceptionally [1].");
      return groundedAnswer(question, { answer: "Django scales exceptionally [2].", generator: "openai" });
    });
    const partials: string[] = [];
    const reply = await conversation.handle(message, { onPartial: (text) => partials.push(text) });
    expect(partials).toEqual(["Django scales", "Django scales exceptionally [1]."]);
    expect(reply.kind === "answer" && reply.answer.answer).toBe("Django scales exceptionally [2].");
  });

  it("asks the engine for no partial text when the caller wants none", async () => {
    const { engine, conversation } = setup((question) => groundedAnswer(question));
    await conversation.handle(message);
    expect(engine.calls[0]?.options.onPartial).toBeUndefined();
  });

  it("stops passing partial text on once the answer has timed out", async () => {
    const { conversation } = setup(
      (question, options) =>
        new Promise((resolve) => {
          options.onPartial?.("in time");
          options.signal?.addEventListener("abort", () => {
            options.onPartial?.("too late");
            resolve(groundedAnswer(question));
          });
        }),
      100,
    );
    const partials: string[] = [];
    const reply = await conversation.handle(message, { onPartial: (text) => partials.push(text) });
    expect(reply.kind).toBe("error");
    expect(partials).toEqual(["in time"]);
  });

  it("still answers when showing partial text fails", async () => {
    const { conversation } = setup((question, options) => {
      options.onPartial?.("Django scales");
      return groundedAnswer(question);
    });
    const reply = await conversation.handle(message, {
      onPartial: () => {
        throw new Error("chat.update failed");
      },
    });
    expect(reply.kind).toBe("answer");
  });
});
