import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import type { AnswerOptions } from "../../../src/engine/answer.js";
import { ids, type RestCall } from "../../fakes/discord.js";
import type { FakeDiscord } from "../../fakes/discord.js";
import { type ScriptedEngineOptions, groundedAnswer } from "../../fakes/engine.js";
import { useBot } from "./harness.js";

const GENERATED = "Django scales to millions of users [1]. Frameworks add overhead per request [2].";

const originalOf = (interactionId: string) => (call: RestCall) => call.method === "PATCH" && call.path === `/webhooks/${ids.app}/itoken-${interactionId}/messages/@original`;
const isFinal = (call: RestCall) => (call.body.embeds?.length ?? 0) > 0;

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

// Streaming in mentions, DMs and follow-ups is stated once for both platforms in test/adapters/streaming.case.ts;
// a deferred /ask reply is Discord's own.
describe("Discord: /ask answers streamed while an LLM writes them", () => {
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

  it("bounds the edit rate of an /ask reply however fast the partial text arrives", async () => {
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
});
