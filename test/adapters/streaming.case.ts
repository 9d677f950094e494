import { setTimeout as delay } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import type { AnswerOptions } from "../../src/engine/answer.js";
import { groundedAnswer, type ScriptedEngineOptions } from "../fakes/engine.js";
import type { Asked, BotWrite, ChatPlatform, PlatformHarness, PlatformOptions } from "./chat-platform.js";

const GENERATED = "Django scales to millions of users [1]. Frameworks add overhead per request [2].";

/** Answers to streamed questions, as an LLM generator writes them: `write` calls onPartial, then the validated answer resolves. */
type Writer = (onPartial: (text: string) => void, bot: { harness: PlatformHarness; asked: () => Asked }) => Promise<void> | void;

/** One behaviour of an answer streamed while an LLM writes it, stated once and run against each chat platform. */
export function describeStreaming(platform: ChatPlatform): void {
  describe(`${platform.name}: answers streamed while an LLM writes them`, () => {
    let harness: PlatformHarness | undefined;
    let current: Asked | undefined;
    afterEach(async () => {
      await harness?.stop();
      harness = undefined;
      current = undefined;
    });

    async function start(write: Writer, options: PlatformOptions = {}): Promise<PlatformHarness> {
      const bot = { harness: undefined as unknown as PlatformHarness, asked: () => current as Asked };
      const engine: ScriptedEngineOptions = {
        reply: async (question: string, answerOptions: AnswerOptions) => {
          await write((text) => answerOptions.onPartial?.(text), bot);
          return groundedAnswer(question, { answer: GENERATED, generator: "openai" });
        },
      };
      harness = bot.harness = await platform.start({ engine, ...options });
      return harness;
    }

    async function ask(h: PlatformHarness, how: (h: PlatformHarness) => Promise<Asked>): Promise<Asked> {
      current = await how(h);
      return current;
    }

    const posts = (h: PlatformHarness, asked: Asked) => h.writes(asked).filter((write) => write.kind === "post");
    const edits = (h: PlatformHarness, asked: Asked) => h.writes(asked).filter((write) => write.kind === "edit");
    const deletes = (h: PlatformHarness, asked: Asked) => h.writes(asked).filter((write) => write.kind === "delete");
    const isFinal = (write: BotWrite) => write.finalAnswer;

    it("posts the text in progress where the answer goes, edits it in place, and ends with the final answer", async () => {
      const h = await start(async (onPartial, bot) => {
        onPartial("Django scales");
        await bot.harness.waitForWrite(bot.asked(), (write) => write.kind === "post");
        onPartial("Django scales to millions of users [1].");
        await bot.harness.waitForWrite(bot.asked(), (write) => write.kind === "edit");
      });
      const asked = await ask(h, (bot) => bot.mention("Is Django fast enough?"));

      const final = await h.waitForWrite(asked, (write) => write.kind === "edit" && isFinal(write));
      await h.settled(asked);
      const [placeholder, ...otherPosts] = posts(h, asked);
      expect(otherPosts).toEqual([]);
      expect(placeholder?.place).toBe(asked.answerPlace);
      expect(placeholder?.visible).toContain("Django scales");
      expect(placeholder?.inProgress).toBe(true);
      const changes = edits(h, asked);
      expect(changes.length).toBeGreaterThanOrEqual(2);
      expect(changes[0]?.visible).toContain("Django scales to millions of users [1].");
      expect(changes.at(-1)).toEqual(final);
      expect(new Set(changes.map((change) => change.messageId))).toEqual(new Set([placeholder?.messageId]));
      for (const change of changes) expect({ accepted: change.accepted, pings: change.pings }).toEqual({ accepted: true, pings: [] });
      expect(final.visible).toContain("Frameworks add overhead per request [2].");
      expect(final.visible).toContain("[2] How Scalable are Websites Built in Django Framework?");
      expect(final.visible).not.toContain("Writing…");
      expect(final.inProgress).toBe(false);
    });

    it("streams an answer to a DM in the DM", async () => {
      const h = await start((onPartial) => onPartial("Django scales"));
      const asked = await ask(h, (bot) => bot.dm("Is Django fast?"));

      const final = await h.waitForWrite(asked, isFinal);
      const [placeholder] = posts(h, asked);
      expect(placeholder?.place).toBe(asked.answerPlace);
      expect(placeholder?.visible).toContain("Django scales");
      expect(final.kind).toBe("edit");
      expect(final.messageId).toBe(placeholder?.messageId);
    });

    it("streams an answer to a follow-up where the conversation goes on", async () => {
      const h = await start((onPartial) => onPartial("Django scales"));
      const root = await ask(h, (bot) => bot.mention("Should we use Django for a high-traffic site?"));
      await h.settled(root);
      const followUp = await ask(h, (bot) => bot.followUp(root, "and what about Rails?"));

      await h.waitForWrite(followUp, (write) => isFinal(write) && h.engine.calls.length === 2);
      const [placeholder, ...others] = posts(h, followUp);
      expect(others).toEqual([]);
      expect(placeholder?.place).toBe(root.answerPlace);
      expect(placeholder?.inProgress).toBe(true);
      expect(h.engine.calls[1]?.options.history?.[0]?.question).toBe("Should we use Django for a high-traffic site?");
    });

    it("never lets partial text ping anyone", async () => {
      const hostile = "Tell <!channel> and @everyone and @here, and <@U0000042> and <@300000000000000099> and <@&400000000000000001> and <!subteam^S123|@team>";
      const h = await start(async (onPartial, bot) => {
        onPartial(hostile);
        await bot.harness.waitForWrite(bot.asked(), (write) => write.kind === "post");
        onPartial(`${hostile} [1].`);
        await bot.harness.waitForWrite(bot.asked(), (write) => write.kind === "edit");
      });
      const asked = await ask(h, (bot) => bot.mention("who should know?"));

      await h.waitForWrite(asked, isFinal);
      const streamed = h.writes(asked).filter((write) => write.kind !== "delete" && !isFinal(write));
      expect(streamed.length).toBeGreaterThanOrEqual(2);
      for (const write of streamed) {
        expect(write.visible).toContain("everyone");
        expect(write.pings).toEqual([]);
      }
    });

    it("bounds the edit rate however fast the partial text arrives", async () => {
      const h = await start(async (onPartial) => {
        let text = "Django";
        for (let piece = 0; piece < 20; piece += 1) {
          text += ` scales${piece}`;
          onPartial(text);
          // A model emitting tokens: without a bound, each piece could be its own edit.
          await delay(10);
        }
      });
      const asked = await ask(h, (bot) => bot.mention("Is Django fast?"));

      await h.waitForWrite(asked, isFinal);
      expect(posts(h, asked)).toHaveLength(1);
      expect(edits(h, asked).length).toBeLessThanOrEqual(3);
    });

    it("replaces the text in progress with an apology when the answer times out", async () => {
      const engine: ScriptedEngineOptions = {
        reply: (question, options) =>
          new Promise((resolve) => {
            options.onPartial?.("Django scales");
            options.signal?.addEventListener("abort", () => resolve(groundedAnswer(question)));
          }),
      };
      const h = (harness = await platform.start({ engine, env: { ANSWER_TIMEOUT_MS: "300" } }));
      const asked = await ask(h, (bot) => bot.mention("Is Django fast?"));

      const apology = await h.waitForWrite(asked, (write) => write.kind === "edit" && write.visible.includes("reference"));
      expect(posts(h, asked)).toHaveLength(1);
      expect(apology.messageId).toBe(posts(h, asked)[0]?.messageId);
      expect(apology.visible).toContain("took too long");
      expect(apology.visible).not.toContain("Django scales");
    });

    it("posts the final answer anew, removing the text in progress, when the edit is refused", async () => {
      const h = await start((onPartial) => onPartial("Django scales"));
      h.refuseFinalEdits();
      const asked = await ask(h, (bot) => bot.mention("Is Django fast?"));

      const final = await h.waitForWrite(asked, (write) => write.kind === "post" && isFinal(write));
      const [placeholder] = posts(h, asked);
      const removed = deletes(h, asked);
      expect(removed).toHaveLength(1);
      expect(removed[0]?.messageId).toBe(placeholder?.messageId);
      expect(removed[0]?.seq).toBeLessThan(final.seq);
      expect(placeholder?.messageId).not.toBe(final.messageId);
      expect(final.visible).toContain("Frameworks add overhead per request [2].");
    });

    it("posts once and never edits when no partial text arrives (GENERATOR=extractive)", async () => {
      const h = (harness = await platform.start());
      const asked = await ask(h, (bot) => bot.mention("Is Django fast?"));

      await h.settled(asked);
      const [answer, ...others] = posts(h, asked);
      expect(answer?.finalAnswer).toBe(true);
      expect(others).toEqual([]);
      expect(edits(h, asked)).toEqual([]);
    });
  });
}
