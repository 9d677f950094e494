import { describe, expect, it } from "vitest";
import { CitebotError, ErrorCode } from "../../../src/errors.js";
import { ids, users, wouldPing } from "../../fakes/discord.js";
import { groundedAnswer } from "../../fakes/engine.js";
import { isPostTo, repliesTo, useBot, visibleText } from "./harness.js";

const mention = (question: string) => `<@${ids.bot}> ${question}`;

describe("Discord: @mentions in a server channel", () => {
  it("replies to the question with the answer in an embed and its sources", async () => {
    const { fake } = await useBot();
    const question = fake.userMessage({ channel: ids.text, content: mention("is django scalable?") });

    const reply = await fake.waitForCall(repliesTo(question));

    expect(reply.path).toBe(`/channels/${ids.text}/messages`);
    expect(reply.body.embeds?.[0]?.description).toContain("Django scales exceptionally [2].");
    const sources = reply.body.embeds?.flatMap((embed) => embed.fields ?? []).map((field) => field.name);
    expect(sources).toEqual(["[1] When Not to Use a Web Framework", "[2] How Scalable are Websites Built in Django Framework?"]);
    expect(reply.body.components?.[0]?.components.map((button) => button.emoji?.name)).toEqual(["👍", "👎"]);
  });

  it("sends every reply with allowed_mentions.parse = [], pinging only the asker", async () => {
    const { fake } = await useBot();
    const question = fake.userMessage({ channel: ids.text, content: mention("is django scalable?") });

    const reply = await fake.waitForCall(repliesTo(question));

    expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: true });
    expect(wouldPing(reply.body, ids.human)).toEqual([`reply:${ids.human}`]);
  });

  it("shows a typing indicator before answering", async () => {
    const { fake } = await useBot();
    const question = fake.userMessage({ channel: ids.text, content: mention("is django scalable?") });

    const reply = await fake.waitForCall(repliesTo(question));

    const typing = fake.calls.findIndex((call) => call.method === "POST" && call.path === `/channels/${ids.text}/typing`);
    expect(typing).toBeGreaterThanOrEqual(0);
    expect(typing).toBeLessThan(fake.calls.indexOf(reply));
  });

  it("ignores other bots, even when they mention it", async () => {
    const { fake, engine } = await useBot();
    const fromBot = fake.userMessage({ channel: ids.text, content: mention("is django scalable?"), author: users.otherBot });
    const fromHuman = fake.userMessage({ channel: ids.text, content: mention("what about rails?") });

    await fake.waitForCall(repliesTo(fromHuman));

    expect(engine.calls.map((call) => call.question)).toEqual(["what about rails?"]);
    expect(fake.calls.some(repliesTo(fromBot))).toBe(false);
  });

  it("ignores messages that do not mention it", async () => {
    const { fake, engine } = await useBot();
    fake.userMessage({ channel: ids.text, content: "is django scalable?" });
    const addressed = fake.userMessage({ channel: ids.text, content: mention("what about rails?") });

    await fake.waitForCall(repliesTo(addressed));

    expect(engine.calls.map((call) => call.question)).toEqual(["what about rails?"]);
  });

  it("pings nobody when the question or the corpus contains @everyone, @here or mentions", async () => {
    const { fake } = await useBot({
      engine: {
        reply: (question) =>
          groundedAnswer(question, {
            answer: "@everyone should know [1]. Ask <@&700000000000000001> or <@400000000000000002> @here [2].",
            citations: groundedAnswer(question).citations.map((citation) => ({ ...citation, quote: "@everyone @here <@&700000000000000001>" })),
          }),
      },
    });
    const question = fake.userMessage({ channel: ids.text, content: mention("@everyone @here <@&700000000000000001> is django fast?") });

    await fake.waitForCall(repliesTo(question));

    const sent = fake.sentMessages();
    expect(sent.length).toBeGreaterThan(0);
    for (const call of sent) {
      expect(call.body.allowed_mentions?.parse).toEqual([]);
      expect(wouldPing(call.body, ids.human).filter((ping) => ping !== `reply:${ids.human}`)).toEqual([]);
      // Not even rendered as a mention: the text is defanged as well.
      expect(visibleText(call)).not.toMatch(/@everyone|@here|<@&?\d+>/);
    }
  });

  it("splits a long answer over several messages, each within Discord's limits", async () => {
    const long = Array.from({ length: 600 }, (_, index) => `Sentence ${index} explains one more scaling detail [1].`).join(" ");
    const { fake } = await useBot({ engine: { reply: (question) => groundedAnswer(question, { answer: long }) } });
    const question = fake.userMessage({ channel: ids.text, content: mention("tell me everything") });

    const last = await fake.waitForCall((call) => isPostTo(ids.text)(call) && (call.body.components?.length ?? 0) > 0);

    const posts = fake.calls.filter((call) => call.method === "POST" && call.path === `/channels/${ids.text}/messages`);
    expect(posts.length).toBeGreaterThan(1);
    // The fake answers 400 (50035) for anything over Discord's limits, as Discord does.
    expect(posts.every((call) => call.status === 200)).toBe(true);
    expect(posts[0]?.body.message_reference?.message_id).toBe(question);
    const text = posts.map((call) => (call.body.embeds ?? []).map((embed) => embed.description ?? "").join(" ")).join(" ");
    expect(text).toContain("Sentence 0 explains");
    expect(text).toContain("Sentence 599 explains");
    expect(posts.at(-1)).toBe(last);
  });

  it("apologises with a visible reference id when the engine fails", async () => {
    const { fake } = await useBot({
      engine: {
        reply: () => {
          throw new CitebotError(ErrorCode.IndexCorrupt, "index unreadable");
        },
      },
    });
    const question = fake.userMessage({ channel: ids.text, content: mention("is django scalable?") });

    const reply = await fake.waitForCall(repliesTo(question));

    expect(reply.body.content).toMatch(/Sorry.*E-[0-9A-F]{8}/);
    expect(reply.body.allowed_mentions?.parse).toEqual([]);
  });

  it("retries an answer Discord rate-limits with a 429 and delivers it", async () => {
    const { fake } = await useBot();
    fake.rateLimitNext((call) => call.method === "POST" && call.path === `/channels/${ids.text}/messages`);
    const question = fake.userMessage({ channel: ids.text, content: mention("is django scalable?") });

    const delivered = await fake.waitForCall(repliesTo(question));

    const attempts = fake.calls.filter((call) => call.method === "POST" && call.body.message_reference?.message_id === question);
    expect(attempts.map((call) => call.status)).toEqual([429, 200]);
    expect(attempts[1]).toBe(delivered);
    expect(delivered.body).toEqual(attempts[0]?.body);
  });

  it("posts an apology with a reference id when Discord refuses the answer", async () => {
    const { fake } = await useBot();
    fake.failNext((call) => call.method === "POST" && call.path === `/channels/${ids.text}/messages`, 403, 50013, "Missing Permissions");
    const question = fake.userMessage({ channel: ids.text, content: mention("is django scalable?") });

    const apology = await fake.waitForCall((call) => repliesTo(question)(call) && Boolean(call.body.content));

    expect(apology.body.content).toMatch(/couldn't post my answer.*E-[0-9A-F]{8}/);
  });

  it("still answers a question deleted while it was being answered", async () => {
    let deleteQuestion = () => {};
    const { fake } = await useBot({
      engine: {
        reply: (question) => {
          deleteQuestion();
          return groundedAnswer(question);
        },
      },
    });
    const question = fake.userMessage({ channel: ids.text, content: mention("is django scalable?") });
    deleteQuestion = () => fake.deleteMessage(question);

    const answer = await fake.waitForCall(isPostTo(ids.text));

    expect(answer.body.embeds?.[0]?.description).toContain("Django scales exceptionally");
    expect(answer.response).not.toHaveProperty("message_reference");
  });
});
