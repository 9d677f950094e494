import { afterEach, describe, expect, it } from "vitest";
import { CitebotError, ErrorCode } from "../../src/errors.js";
import type { Asked, ChatPlatform, PlatformHarness, PlatformOptions } from "./chat-platform.js";

/** Who gets an answer, where, and with what context: one statement of each, run against each chat platform. */
export function describeAnswering(platform: ChatPlatform): void {
  describe(`${platform.name}: questions and where their answers go`, () => {
    let harness: PlatformHarness | undefined;
    afterEach(async () => {
      await harness?.stop();
      harness = undefined;
    });

    async function start(options: PlatformOptions = {}): Promise<PlatformHarness> {
      harness = await platform.start(options);
      return harness;
    }

    async function firstPost(h: PlatformHarness, asked: Asked) {
      await h.settled(asked);
      const post = h.writes(asked).find((write) => write.kind === "post");
      if (!post) throw new Error("nothing was posted");
      return post;
    }

    it("hands the engine the question without the bot's mention", async () => {
      const h = await start();
      const asked = await h.mention("Is Django fast?");
      await h.settled(asked);
      expect(h.engine.calls.map((call) => call.question)).toEqual(["Is Django fast?"]);
    });

    it("asks for a question, where it was mentioned, when the mention carries none", async () => {
      const h = await start();
      const asked = await h.mention("  ");
      const post = await firstPost(h, asked);
      expect(post.place).toBe(asked.answerPlace);
      expect(post.visible).toContain("Ask me a question");
      expect(post.pings).toEqual([]);
      expect(h.engine.calls).toEqual([]);
    });

    it("tells the asker, where the answer would go, to try again in a moment when every engine worker is busy", async () => {
      const h = await start({
        engine: {
          reply: () => {
            throw new CitebotError(ErrorCode.Busy, "queue full");
          },
        },
      });
      const asked = await h.mention("Is Django fast?");
      const post = await firstPost(h, asked);
      expect(post.place).toBe(asked.answerPlace);
      expect(post.visible).toContain("Please try again in a moment");
      expect(post.visible).not.toContain("reference");
      expect(post.pings).toEqual([]);
    });

    it("answers a DM without a mention, in the DM, with its sources", async () => {
      const h = await start();
      const asked = await h.dm("Is Django fast?");
      const post = await firstPost(h, asked);
      expect(post.place).toBe(asked.answerPlace);
      expect(post.finalAnswer).toBe(true);
      expect(post.visible).toContain("Web frameworks add layers of abstraction that slow request processing [1]");
      expect(post.visible).toContain("Django scales exceptionally [2]");
      expect(post.pings).toEqual([]);
      expect(h.engine.calls[0]?.question).toBe("Is Django fast?");
    });

    it("keeps the context of earlier DMs", async () => {
      const h = await start();
      await h.settled(await h.dm("Should we use Django for a high-traffic site?"));
      await h.settled(await h.dm("what about Rails?"));
      expect({ question: h.engine.calls[1]?.question, history: h.engine.calls[1]?.options.history?.map((turn) => turn.question) }).toEqual({
        question: "what about Rails?",
        history: ["Should we use Django for a high-traffic site?"],
      });
    });

    it("declines DMs politely, in the DM, when ALLOW_DMS is off", async () => {
      const h = await start({ env: { ALLOW_DMS: "false" } });
      const asked = await h.dm("Is Django fast?");
      const post = await firstPost(h, asked);
      expect(post.place).toBe(asked.answerPlace);
      expect(post.visible).toContain("I don't answer direct messages");
      expect(h.engine.calls).toEqual([]);
    });

    it("answers a follow-up where its answer went, without a mention, with the conversation so far", async () => {
      const h = await start();
      const root = await h.mention("Should we use Django for a high-traffic site?");
      await h.settled(root);
      const followUp = await h.followUp(root, "what about Rails?");
      const post = await firstPost(h, followUp);
      expect(post.place).toBe(root.answerPlace);
      expect(post.finalAnswer).toBe(true);
      expect({ question: h.engine.calls[1]?.question, history: h.engine.calls[1]?.options.history?.map((turn) => turn.question) }).toEqual({
        question: "what about Rails?",
        history: ["Should we use Django for a high-traffic site?"],
      });
    });
  });
}
