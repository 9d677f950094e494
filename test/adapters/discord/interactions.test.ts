import { describe, expect, it } from "vitest";
import { EPHEMERAL, ids, type RestCall } from "../../fakes/discord.js";
import { groundedAnswer } from "../../fakes/engine.js";
import { postedId, repliesTo, useBot } from "./harness.js";

const callbackOf = (interactionId: string) => (call: RestCall) => call.method === "POST" && call.path.startsWith(`/interactions/${interactionId}/`) && call.path.endsWith("/callback");
const originalOf = (interactionId: string) => (call: RestCall) => call.method === "PATCH" && call.path === `/webhooks/${ids.app}/itoken-${interactionId}/messages/@original`;
const followUpOf = (interactionId: string) => (call: RestCall) => call.method === "POST" && call.path === `/webhooks/${ids.app}/itoken-${interactionId}`;
const callbackJson = (call: RestCall) => call.json as { type: number; data?: { flags?: number; content?: string } };

describe("Discord: /ask", () => {
  it("defers at once, then edits the deferred reply into the answer", async () => {
    const { fake } = await useBot();
    const ask = fake.slashCommand({ channel: ids.text, question: "is django scalable?" });

    const edit = await fake.waitForCall(originalOf(ask));

    const callback = fake.calls.find(callbackOf(ask));
    expect(callback && callbackJson(callback)).toEqual({ type: 5, data: { flags: 0 } });
    expect(fake.calls.indexOf(callback as RestCall)).toBeLessThan(fake.calls.indexOf(edit));
    expect(edit.body.embeds?.[0]?.author?.name).toBe("Q: is django scalable?");
    expect(edit.body.embeds?.[0]?.description).toContain("Django scales exceptionally");
    expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it("answers privately (ephemeral) when private is true", async () => {
    const { fake } = await useBot();
    const ask = fake.slashCommand({ channel: ids.text, question: "is django scalable?", private: true });

    await fake.waitForCall(originalOf(ask));

    const callback = fake.calls.find(callbackOf(ask));
    expect(callback && callbackJson(callback)).toEqual({ type: 5, data: { flags: EPHEMERAL } });
  });

  it("keeps the follow-ups of a long private answer private", async () => {
    const long = Array.from({ length: 600 }, (_, index) => `Sentence ${index} explains one more scaling detail [1].`).join(" ");
    const { fake } = await useBot({ engine: { reply: (question) => groundedAnswer(question, { answer: long }) } });
    const ask = fake.slashCommand({ channel: ids.text, question: "tell me everything", private: true });

    const followUp = await fake.waitForCall((call) => followUpOf(ask)(call) && (call.body.components?.length ?? 0) > 0);

    expect(fake.calls.find(originalOf(ask))?.status).toBe(200);
    expect(followUp.status).toBe(200);
    expect(followUp.body.flags).toBe(EPHEMERAL);
  });

  it("works in a DM with the bot", async () => {
    const { fake } = await useBot();
    const ask = fake.slashCommand({ channel: ids.dm, question: "is django scalable?" });

    const edit = await fake.waitForCall(originalOf(ask));

    expect(edit.body.embeds?.[0]?.description).toContain("Django scales exceptionally");
  });

  it("asks for a question when the question option is missing", async () => {
    const { fake, engine } = await useBot();
    const ask = fake.slashCommand({ channel: ids.text });

    const edit = await fake.waitForCall(originalOf(ask));

    expect(edit.body.content).toContain("Ask me a question");
    expect(engine.calls).toEqual([]);
  });

  it("apologises with a reference id when the engine fails", async () => {
    const { fake } = await useBot({
      engine: {
        reply: () => {
          throw new Error("boom");
        },
      },
    });
    const ask = fake.slashCommand({ channel: ids.text, question: "is django scalable?" });

    const edit = await fake.waitForCall(originalOf(ask));

    expect(edit.body.content).toMatch(/E-[0-9A-F]{8}/);
  });

  it("refuses privately in a channel outside DISCORD_ALLOWED_CHANNELS", async () => {
    const { fake, engine } = await useBot({ env: { DISCORD_ALLOWED_CHANNELS: ids.otherText } });
    const ask = fake.slashCommand({ channel: ids.text, question: "is django scalable?" });

    const callback = await fake.waitForCall(callbackOf(ask));

    expect(callbackJson(callback)).toMatchObject({ type: 4, data: { flags: EPHEMERAL, content: expect.stringContaining(`<#${ids.otherText}>`) } });
    expect(engine.calls).toEqual([]);
  });
});

describe("Discord: /ask and the channel allow-list", () => {
  it("answers in a thread of an allowed channel", async () => {
    const { fake } = await useBot({ env: { DISCORD_ALLOWED_CHANNELS: ids.text } });
    const ask = fake.slashCommand({ channel: ids.thread, question: "is django scalable?" });

    const edit = await fake.waitForCall(originalOf(ask));

    expect(edit.body.embeds?.[0]?.description).toContain("Django scales exceptionally");
  });
});

describe("Discord: feedback buttons", () => {
  async function answered() {
    const harness = await useBot();
    const question = harness.fake.userMessage({ channel: ids.text, content: `<@${ids.bot}> is django scalable?` });
    const answer = await harness.fake.waitForCall(repliesTo(question));
    const [up, down] = answer.body.components?.[0]?.components ?? [];
    if (!up || !down) throw new Error("the answer has no feedback buttons");
    return { ...harness, messageId: postedId(answer), up: up.custom_id, down: down.custom_id };
  }

  it("stores a 👍 with the answer it rates and thanks the user privately", async () => {
    const { fake, feedback, store, messageId, up } = await answered();
    const click = fake.clickButton({ messageId, customId: up });

    const callback = await fake.waitForCall(callbackOf(click));

    expect(callbackJson(callback)).toMatchObject({ type: 4, data: { flags: EPHEMERAL, content: "Thanks for the 👍 feedback!" } });
    const records = await feedback.list();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      platform: "discord",
      verdict: "up",
      question: "is django scalable?",
      userHash: store.hashUserId("discord", ids.human),
      channelId: ids.text,
      citations: [
        { id: 1, title: "When Not to Use a Web Framework" },
        { id: 2, title: "How Scalable are Websites Built in Django Framework?" },
      ],
    });
    expect(up).toContain(records[0]?.answerId);
  });

  it("stores a 👎 as down", async () => {
    const { fake, feedback, messageId, down } = await answered();
    const click = fake.clickButton({ messageId, customId: down });

    await fake.waitForCall(callbackOf(click));

    expect((await feedback.list()).map((record) => record.verdict)).toEqual(["down"]);
  });

  it("records a vote on an answer it no longer remembers (as after a restart), read back from the message the button is on", async () => {
    const { fake, feedback, messageId } = await answered();
    const click = fake.clickButton({ messageId, customId: "citebot:feedback:down:forgotten" });

    const callback = await fake.waitForCall(callbackOf(click));

    expect(callbackJson(callback)).toMatchObject({ type: 4, data: { flags: EPHEMERAL, content: expect.stringContaining("Thanks for the 👎") } });
    expect(await feedback.list()).toEqual([
      expect.objectContaining({
        answerId: "forgotten",
        verdict: "down",
        restored: true,
        question: "is django scalable?",
        answer: expect.stringContaining("Django scales exceptionally"),
        citations: [
          expect.objectContaining({ id: 1, title: "When Not to Use a Web Framework", section: "Low-latency and/or high-throughput" }),
          expect.objectContaining({ id: 2, title: "How Scalable are Websites Built in Django Framework?" }),
        ],
      }),
    ]);
  });
});

describe("Discord: DMs and the channel allow-list", () => {
  it("points to the allowed channels when mentioned elsewhere", async () => {
    const { fake, engine } = await useBot({ env: { DISCORD_ALLOWED_CHANNELS: ids.otherText } });
    const question = fake.userMessage({ channel: ids.text, content: `<@${ids.bot}> is django scalable?` });

    const reply = await fake.waitForCall(repliesTo(question));

    expect(reply.body.content).toContain(`I only answer in <#${ids.otherText}>`);
    expect(engine.calls).toEqual([]);
  });

  it("answers in an allowed channel", async () => {
    const { fake } = await useBot({ env: { DISCORD_ALLOWED_CHANNELS: ids.otherText } });
    const question = fake.userMessage({ channel: ids.otherText, content: `<@${ids.bot}> is django scalable?` });

    const reply = await fake.waitForCall(repliesTo(question));

    expect(reply.body.embeds?.[0]?.description).toContain("Django scales exceptionally");
  });
});
