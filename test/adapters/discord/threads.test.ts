import { describe, expect, it } from "vitest";
import { ids } from "../../fakes/discord.js";
import { isPostTo, repliesTo, useBot } from "./harness.js";

const mention = (question: string) => `<@${ids.bot}> ${question}`;
const inThread = { env: { DISCORD_REPLY_IN_THREAD: "true" } };

describe("Discord: threads and follow-ups", () => {
  it("answers in a new thread off the question when DISCORD_REPLY_IN_THREAD is on", async () => {
    const { fake } = await useBot(inThread);
    const question = fake.userMessage({ channel: ids.text, content: mention("should we use Django for a high-traffic site?") });

    // A thread started off a message takes the message's id.
    const answer = await fake.waitForCall(isPostTo(question));

    const start = fake.calls.find((call) => call.method === "POST" && call.path === `/channels/${ids.text}/messages/${question}/threads`);
    expect(start?.body.name).toBe("should we use Django for a high-traffic site?");
    expect(answer.body.embeds?.[0]?.description).toContain("Django scales exceptionally");
    expect(answer.body.allowed_mentions?.parse).toEqual([]);
  });

  it("answers a follow-up in its thread in context, without a mention", async () => {
    const { fake, engine } = await useBot(inThread);
    const question = fake.userMessage({ channel: ids.text, content: mention("should we use Django for a high-traffic site?") });
    await fake.waitForCall(isPostTo(question));

    fake.userMessage({ channel: question, content: "what about Rails?" });
    await fake.waitForCall((call) => isPostTo(question)(call) && fake.calls.filter(isPostTo(question)).length === 2);

    // The engine folds the follow-up into its thread; the adapter passes it on as written, with the thread's turns.
    expect(engine.calls.map((call) => call.question)).toEqual(["should we use Django for a high-traffic site?", "what about Rails?"]);
    expect(engine.calls[1]?.options.history?.[0]?.question).toBe("should we use Django for a high-traffic site?");
  });

  it("does not answer its own messages echoed back into an active thread", async () => {
    const { fake, engine } = await useBot(inThread);
    const question = fake.userMessage({ channel: ids.text, content: mention("is django scalable?") });
    await fake.waitForCall(isPostTo(question));

    // The help notice is plain text; Discord echoes it into the thread as a MESSAGE_CREATE from the bot.
    const help = fake.userMessage({ channel: question, content: "help" });
    await fake.waitForCall(repliesTo(help));
    const followUp = fake.userMessage({ channel: question, content: "and is it fast?" });
    await fake.waitForCall(repliesTo(followUp));

    expect(engine.calls).toHaveLength(2);
    expect(engine.calls[1]?.question).toContain("and is it fast");
  });

  it("continues the conversation when someone mentions it inside a thread it answered in", async () => {
    const { fake, engine } = await useBot();
    const first = fake.userMessage({ channel: ids.thread, content: mention("should we use Django for a high-traffic site?") });
    await fake.waitForCall(repliesTo(first));

    const second = fake.userMessage({ channel: ids.thread, content: "what about Rails?" });
    await fake.waitForCall(repliesTo(second));

    expect({ questions: engine.calls.map((call) => call.question), history: engine.calls[1]?.options.history?.map((turn) => turn.question) }).toEqual({
      questions: ["should we use Django for a high-traffic site?", "what about Rails?"],
      history: ["should we use Django for a high-traffic site?"],
    });
  });

  it("stays out of threads it has not answered in", async () => {
    const { fake, engine } = await useBot();
    fake.userMessage({ channel: ids.thread, content: "is django scalable?" });
    const addressed = fake.userMessage({ channel: ids.thread, content: mention("what about rails?") });

    await fake.waitForCall(repliesTo(addressed));

    expect(engine.calls.map((call) => call.question)).toEqual(["what about rails?"]);
  });

  it("needs a mention for every question when THREAD_FOLLOWUPS is off", async () => {
    const { fake, engine } = await useBot({ env: { THREAD_FOLLOWUPS: "false" } });
    const first = fake.userMessage({ channel: ids.thread, content: mention("is django scalable?") });
    await fake.waitForCall(repliesTo(first));

    fake.userMessage({ channel: ids.thread, content: "and is it fast?" });
    const addressed = fake.userMessage({ channel: ids.thread, content: mention("is rails scalable?") });
    await fake.waitForCall(repliesTo(addressed));

    expect(engine.calls.map((call) => call.question)).toEqual(["is django scalable?", "is rails scalable?"]);
  });

  it("replies in the channel when it may not start a thread", async () => {
    const { fake } = await useBot(inThread);
    fake.failNext((call) => call.path.endsWith("/threads"), 403, 50013, "Missing Permissions");
    const question = fake.userMessage({ channel: ids.text, content: mention("is django scalable?") });

    const reply = await fake.waitForCall(repliesTo(question));

    expect(reply.path).toBe(`/channels/${ids.text}/messages`);
    expect(reply.body.embeds?.[0]?.description).toContain("Django scales exceptionally");
  });

  it("replies to a notice in the channel rather than opening a thread for it", async () => {
    const { fake } = await useBot(inThread);
    const question = fake.userMessage({ channel: ids.text, content: `<@${ids.bot}>` });

    const reply = await fake.waitForCall(repliesTo(question));

    expect(reply.body.content).toContain("Ask me a question");
    expect(fake.calls.some((call) => call.path.endsWith("/threads"))).toBe(false);
  });
});
