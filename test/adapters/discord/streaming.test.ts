import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import type { AnswerOptions } from "../../../src/engine/answer.js";
import { ids, wouldPing, type RestCall } from "../../fakes/discord.js";
import type { FakeDiscord } from "../../fakes/discord.js";
import { type ScriptedEngineOptions, groundedAnswer } from "../../fakes/engine.js";
import { repliesTo, useBot, visibleText } from "./harness.js";

const GENERATED = "Django scales to millions of users [1]. Frameworks add overhead per request [2].";
const mention = (question: string) => `<@${ids.bot}> ${question}`;

const originalOf = (interactionId: string) => (call: RestCall) => call.method === "PATCH" && call.path === `/webhooks/${ids.app}/itoken-${interactionId}/messages/@original`;
const editOf = (channelId: string, messageId: string) => (call: RestCall) => call.method === "PATCH" && call.path === `/channels/${channelId}/messages/${messageId}`;
const isFinal = (call: RestCall) => (call.body.embeds?.length ?? 0) > 0;
const postedIdOf = (call: RestCall) => String((call.response as { id?: unknown }).id);

/**
 * An engine that streams like GENERATOR=openai: `write` calls onPartial (and may await the fake, which it gets
 * once the bot is up), then the validated answer resolves.
 */
function streaming(write: (onPartial: (text: string) => void, fake: FakeDiscord) => Promise<void> | void) {
  let fake: FakeDiscord | undefined;
  const engine: ScriptedEngineOptions = {
    reply: async (question: string, options: AnswerOptions) => {
      if (!fake) throw new Error("the bot answered before the test had its fake");
      await write((text) => options.onPartial?.(text), fake);
      return groundedAnswer(question, { answer: GENERATED, generator: "openai" });
    },
  };
  return { engine, connect: (started: FakeDiscord) => void (fake = started) };
}

describe("Discord: answers streamed while an LLM writes them", () => {
  it("edits the deferred /ask reply with the text in progress, then finishes with the answer embed", async () => {
    let ask = "";
    const stream = streaming(async (onPartial, fake) => {
      onPartial("Django scales");
      await fake.waitForCall(originalOf(ask));
      onPartial("Django scales to millions of users [1].");
      await fake.waitForCall((call) => originalOf(ask)(call) && call.body.content?.includes("[1]") === true);
    });
    const { fake } = await useBot({ engine: stream.engine });
    stream.connect(fake);
    ask = fake.slashCommand({ channel: ids.text, question: "is django scalable?" });

    const final = await fake.waitForCall((call) => originalOf(ask)(call) && isFinal(call));
    const edits = fake.calls.filter(originalOf(ask));
    expect(edits.length).toBeGreaterThanOrEqual(3);
    expect(edits[0]?.body.content).toContain("Django scales");
    expect(edits[0]?.body.embeds).toEqual([]);
    expect(edits.at(-1)).toBe(final);
    expect(final.body.content).toBe("");
    expect(final.body.embeds?.[0]?.description).toContain("Frameworks add overhead per request [2].");
    expect(final.body.components?.length).toBe(1);
    for (const edit of edits) {
      expect(edit.status).toBe(200);
      expect(edit.body.allowed_mentions?.parse).toEqual([]);
    }
  });

  it("replies to a mention with the text in progress, edits it, and finishes with the answer embed", async () => {
    let question = "";
    const stream = streaming(async (onPartial, fake) => {
      onPartial("Django scales");
      const placeholder = await fake.waitForCall(repliesTo(question));
      onPartial("Django scales to millions of users [1].");
      await fake.waitForCall(editOf(ids.text, postedIdOf(placeholder)));
    });
    const { fake } = await useBot({ engine: stream.engine });
    stream.connect(fake);
    question = fake.userMessage({ channel: ids.text, content: mention("is django scalable?") });

    const placeholder = await fake.waitForCall(repliesTo(question));
    const final = await fake.waitForCall((call) => editOf(ids.text, postedIdOf(placeholder))(call) && isFinal(call));
    expect(placeholder.body.content).toContain("Django scales");
    const edits = fake.calls.filter(editOf(ids.text, postedIdOf(placeholder)));
    expect(edits.length).toBeGreaterThanOrEqual(2);
    expect(edits[0]?.body.content).toContain("Django scales to millions of users [1].");
    expect(edits.at(-1)).toBe(final);
    expect(final.body.content).toBe("");
    expect(final.body.embeds?.[0]?.description).toContain("Frameworks add overhead per request [2].");
    expect(fake.calls.filter(repliesTo(question))).toHaveLength(1);
    for (const edit of edits) expect(edit.body.allowed_mentions?.parse).toEqual([]);
  });

  it("never lets partial text ping anyone", async () => {
    const hostile = "Tell @everyone and @here, and <@300000000000000099> and <@&400000000000000001>";
    let question = "";
    const stream = streaming(async (onPartial, fake) => {
      onPartial(hostile);
      const placeholder = await fake.waitForCall(repliesTo(question));
      onPartial(`${hostile} [1].`);
      await fake.waitForCall(editOf(ids.text, postedIdOf(placeholder)));
    });
    const { fake } = await useBot({ engine: stream.engine });
    stream.connect(fake);
    question = fake.userMessage({ channel: ids.text, content: mention("who should know?") });

    const placeholder = await fake.waitForCall(repliesTo(question));
    await fake.waitForCall((call) => editOf(ids.text, postedIdOf(placeholder))(call) && isFinal(call));
    const streamed = [placeholder, ...fake.calls.filter((call) => editOf(ids.text, postedIdOf(placeholder))(call) && !isFinal(call))];
    expect(streamed.length).toBeGreaterThanOrEqual(2);
    for (const call of streamed) {
      expect(call.body.content).toContain("everyone");
      expect(wouldPing(call.body).filter((ping) => !ping.startsWith("reply:"))).toEqual([]);
      // Neutralised in the text too, as the final answer is: it does not even render as a mention.
      expect(visibleText(call)).not.toMatch(/(?<!\u200D)@(everyone|here)\b|<@&?\d+>/);
    }
  });

  it("bounds the edit rate however fast the partial text arrives", async () => {
    const stream = streaming(async (onPartial) => {
      let text = "Django";
      for (let piece = 0; piece < 20; piece += 1) {
        text += ` scales${piece}`;
        onPartial(text);
        // A model emitting tokens: without a bound, each piece could be its own edit.
        await delay(10);
      }
    });
    const { fake } = await useBot({ engine: stream.engine });
    stream.connect(fake);
    const ask = fake.slashCommand({ channel: ids.text, question: "is django scalable?" });

    await fake.waitForCall((call) => originalOf(ask)(call) && isFinal(call));
    expect(fake.calls.filter(originalOf(ask)).length).toBeLessThanOrEqual(3);
  });

  it("posts the final answer anew, deleting the text in progress, when the edit is refused", async () => {
    const stream = streaming((onPartial) => onPartial("Django scales"));
    const { fake } = await useBot({ engine: stream.engine });
    stream.connect(fake);
    fake.failNext((call) => call.method === "PATCH" && call.path.startsWith(`/channels/${ids.text}/messages/`) && isFinal(call), 403, 50001, "Missing Access");
    const question = fake.userMessage({ channel: ids.text, content: mention("is django scalable?") });

    const final = await fake.waitForCall((call) => repliesTo(question)(call) && isFinal(call));
    const [placeholder] = fake.calls.filter(repliesTo(question));
    const deleted = fake.calls.filter((call) => call.method === "DELETE" && call.path === `/channels/${ids.text}/messages/${postedIdOf(placeholder as RestCall)}`);
    expect(deleted).toHaveLength(1);
    expect(fake.calls.indexOf(deleted[0] as RestCall)).toBeLessThan(fake.calls.indexOf(final));
    expect(final.body.embeds?.[0]?.description).toContain("Frameworks add overhead per request [2].");
  });

  it("sends once and never edits when no partial text arrives (GENERATOR=extractive)", async () => {
    const { fake } = await useBot();
    const question = fake.userMessage({ channel: ids.text, content: mention("is django scalable?") });

    const reply = await fake.waitForCall(repliesTo(question));
    expect(isFinal(reply)).toBe(true);
    expect(fake.calls.filter((call) => call.method === "PATCH")).toEqual([]);
  });
});
