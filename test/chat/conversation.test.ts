import { describe, expect, it } from "vitest";
import { createConversation, type ConversationOptions } from "../../src/chat/conversation.js";
import type { IncomingMessage } from "../../src/chat/incoming-message.js";
import { CitebotError, ErrorCode } from "../../src/errors.js";
import { silentLogger } from "../../src/logger.js";
import { groundedAnswer, scriptedEngine } from "../fakes/engine.js";

function setup(overrides: ConversationOptions & { engine?: ReturnType<typeof scriptedEngine> } = {}) {
  const { engine = scriptedEngine(), ...options } = overrides;
  const conversation = createConversation({ engine, logger: silentLogger() }, { maxQuestionChars: 200, rateLimitPerMinute: 3, answerTimeoutMs: 1_000, ...options });
  return { engine, conversation };
}

const message = (text: string, extra: Partial<IncomingMessage> = {}): IncomingMessage => ({
  platform: "slack",
  userId: "U1",
  channelId: "C1",
  threadKey: "C1:1.0",
  text,
  isDirect: false,
  ...extra,
});

describe("conversation", () => {
  it("asks the engine the question as the adapter handed it over", async () => {
    const { engine, conversation } = setup();
    const reply = await conversation.handle(message("is Django scalable?"));
    expect(reply.kind).toBe("answer");
    expect(engine.calls[0]?.question).toBe("is Django scalable?");
  });

  it("answers an empty mention with a usage hint, without calling the engine", async () => {
    const { engine, conversation } = setup();
    const reply = await conversation.handle(message("   \u200b "));
    expect(reply).toMatchObject({ kind: "notice", reason: "empty" });
    expect(engine.calls).toHaveLength(0);
  });

  it("asks to try again in a moment, without an error reference, when the engine's queue is full", async () => {
    const engine = scriptedEngine({
      reply: () => {
        throw new CitebotError(ErrorCode.Busy, "queue full");
      },
    });
    const { conversation } = setup({ engine });
    const reply = await conversation.handle(message("is Django scalable?"));
    expect(reply).toEqual({ kind: "notice", reason: "busy", text: "I'm answering as many questions as I can right now. Please try again in a moment." });
  });

  it("turns away a question over the length cap politely", async () => {
    const { conversation } = setup();
    const reply = await conversation.handle(message("why ".repeat(100)));
    expect(reply).toMatchObject({ kind: "notice", reason: "too_long" });
  });

  it("treats binary garbage as not a question", async () => {
    const { conversation } = setup();
    const reply = await conversation.handle(message("\u0000\u0001\u0002\u0003\u0004abc\u0005\u0006"));
    expect(reply).toMatchObject({ kind: "notice", reason: "empty" });
  });

  it("lists the documents on help", async () => {
    const { conversation } = setup();
    const reply = await conversation.handle(message("help"));
    expect(reply.kind).toBe("notice");
    expect(reply.kind === "notice" && reply.text).toContain("When Not to Use a Web Framework");
  });

  it("rate-limits one flooding user without affecting another", async () => {
    const { conversation } = setup();
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push(await conversation.handle(message(`question ${i}?`)));
    expect(replies.slice(0, 3).every((reply) => reply.kind === "answer")).toBe(true);
    expect(replies[3]).toMatchObject({ kind: "notice", reason: "rate_limited" });
    expect((await conversation.handle(message("question?", { userId: "U2" }))).kind).toBe("answer");
  });

  it("asks the engine a follow-up as written, with the thread's earlier turns", async () => {
    const { engine, conversation } = setup();
    await conversation.handle(message("should we use Django for analytics ingest?"));
    expect(await conversation.isActiveThread("C1:1.0")).toBe(true);
    await conversation.handle(message("and what about Rails?"));
    expect({ question: engine.calls[1]?.question, history: engine.calls[1]?.options.history?.map((turn) => turn.question) }).toEqual({
      question: "and what about Rails?",
      history: ["should we use Django for analytics ingest?"],
    });
  });

  it("remembers a turn as the engine understood it, so the next follow-up builds on that", async () => {
    const engine = scriptedEngine({ reply: (question) => groundedAnswer(question, { understoodAs: question === "and what about Rails?" ? "should we use Rails for analytics ingest?" : question }) });
    const { conversation } = setup({ engine });
    await conversation.handle(message("should we use Django for analytics ingest?"));
    await conversation.handle(message("and what about Rails?"));
    await conversation.handle(message("why?"));
    expect(engine.calls[2]?.options.history?.map((turn) => turn.question)).toEqual(["should we use Django for analytics ingest?", "should we use Rails for analytics ingest?"]);
  });

  it("remembers a turn as asked when the engine reports no understanding of it", async () => {
    const { engine, conversation } = setup();
    await conversation.handle(message("should we use Django for analytics ingest?"));
    await conversation.handle(message("why?"));
    expect(engine.calls[1]?.options.history?.map((turn) => turn.question)).toEqual(["should we use Django for analytics ingest?"]);
  });

  it("keeps threads apart", async () => {
    const { engine, conversation } = setup();
    await conversation.handle(message("should we use Django for analytics ingest?"));
    await conversation.handle(message("and what about Rails?", { threadKey: "C1:2.0" }));
    expect(engine.calls[1]?.question).toBe("and what about Rails?");
    expect(await conversation.isActiveThread("C1:2.0")).toBe(true);
    expect(await conversation.isActiveThread("C9:9.9")).toBe(false);
  });

  it("turns an engine failure into an apology with a reference id", async () => {
    const conversation = createConversation({
      engine: { ...scriptedEngine(), answer: () => Promise.reject(new Error("index exploded")) },
      logger: silentLogger(),
    }, {
      maxQuestionChars: 200,
      rateLimitPerMinute: 10,
      answerTimeoutMs: 1_000,
    });
    const reply = await conversation.handle(message("is Django scalable?"));
    expect(reply.kind).toBe("error");
    expect(reply.kind === "error" && reply.text).toContain(reply.kind === "error" ? reply.referenceId : "?");
  });

  it("gives up on a slow engine after the timeout and says so", async () => {
    const conversation = createConversation({
      engine: scriptedEngine({ delayMs: 500 }),
      logger: silentLogger(),
    }, {
      maxQuestionChars: 200,
      rateLimitPerMinute: 10,
      answerTimeoutMs: 50,
    });
    const reply = await conversation.handle(message("is Django scalable?"));
    expect(reply.kind).toBe("error");
    expect(reply.kind === "error" && reply.text).toMatch(/took too long/);
  });

  it("recalls an answer by its id for feedback", async () => {
    const { conversation } = setup();
    const reply = await conversation.handle(message("is Django scalable?"));
    if (reply.kind !== "answer") throw new Error("expected an answer");
    expect((await conversation.recall(reply.answerId))?.answer).toEqual(groundedAnswer("is Django scalable?"));
    expect(await conversation.recall("nope")).toBeUndefined();
  });
});
