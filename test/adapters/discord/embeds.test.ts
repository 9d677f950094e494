import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { embedSize, toDiscordMessages, type DiscordMessage } from "../../../src/adapters/discord/embeds.js";
import { parseFeedbackCustomId } from "../../../src/adapters/discord/feedback-buttons.js";
import {
  DISCORD_CONTENT_MAX,
  DISCORD_CUSTOM_ID_MAX,
  DISCORD_EMBED_DESCRIPTION_MAX,
  DISCORD_EMBED_FIELDS_MAX,
  DISCORD_EMBEDS_PER_MESSAGE_MAX,
  DISCORD_EMBEDS_TOTAL_MAX,
} from "../../../src/adapters/discord/limits.js";
import type { Citation } from "../../../src/engine/answer.js";
import { groundedAnswer } from "../../fakes/engine.js";
import { invalidFormBody } from "../../fakes/discord-payloads.js";

const answerReply = (overrides: Parameters<typeof groundedAnswer>[1] = {}, answerId = "abc123") =>
  ({ kind: "answer", answer: groundedAnswer("is django scalable?", overrides), answerId }) as const;

const citation = (id: number, extra: Partial<Citation> = {}): Citation => ({
  id,
  chunkId: `c${id}`,
  source: `corpus/doc-${id}.md`,
  title: `Document ${id}`,
  section: `Section ${id}`,
  url: `https://docs.example.com/doc-${id}#section-${id}`,
  score: 0.5,
  quote: `Quoted passage number ${id}.`,
  ...extra,
});

/** Everything Discord would reject: over any length, count or total limit. */
function expectWithinLimits(messages: DiscordMessage[]): void {
  for (const message of messages) {
    expect(message.content?.length ?? 0).toBeLessThanOrEqual(DISCORD_CONTENT_MAX);
    expect(message.embeds.length).toBeLessThanOrEqual(DISCORD_EMBEDS_PER_MESSAGE_MAX);
    expect(message.embeds.reduce((sum, embed) => sum + embedSize(embed), 0)).toBeLessThanOrEqual(DISCORD_EMBEDS_TOTAL_MAX);
    expect(invalidFormBody(message)).toBeUndefined();
  }
}

const allText = (messages: DiscordMessage[]) => JSON.stringify(messages);

describe("toDiscordMessages: answers", () => {
  it("puts the answer in an embed description and lists every source as a field", () => {
    const [message, ...rest] = toDiscordMessages(answerReply());
    expect(rest).toEqual([]);
    expect(message?.embeds[0]?.description).toContain("Web frameworks add layers of abstraction that slow request processing [1].");
    const fields = message?.embeds.flatMap((embed) => embed.fields ?? []) ?? [];
    expect(fields.map((field) => field.name)).toEqual(["[1] When Not to Use a Web Framework", "[2] How Scalable are Websites Built in Django Framework?"]);
    expect(fields[0]?.value).toContain("Low-latency and/or high-throughput");
  });

  it("links each source's section and each [n] marker when the source has a web address", () => {
    const [message] = toDiscordMessages(answerReply({ answer: "Fast [1].", citations: [citation(1)] }));
    expect(message?.embeds[0]?.description).toBe("Fast [[1]](https://docs.example.com/doc-1#section-1).");
    expect(message?.embeds[1]?.fields?.[0]?.value).toContain("[Section 1](https://docs.example.com/doc-1#section-1)");
  });

  it("shows a relative permalink as text, since Discord cannot link it", () => {
    const [message] = toDiscordMessages(answerReply({ answer: "Fast [1].", citations: [citation(1, { url: "/posts/doc-1/#section-1" })] }));
    expect(message?.embeds[0]?.description).toBe("Fast [1].");
    expect(message?.embeds[1]?.fields?.[0]?.value).toContain("Section 1 · `/posts/doc-1/#section-1`");
  });

  it("names a source whose section and title are blank rather than send an empty field", () => {
    const [message] = toDiscordMessages(answerReply({ answer: "Fast [1].", citations: [citation(1, { title: " ", section: "[]", url: "", quote: "" })] }));
    const field = message?.embeds[1]?.fields?.[0];
    expect(field?.value).toBe("Source 1");
  });

  it("attaches 👍/👎 buttons whose custom_id carries the answer id", () => {
    const messages = toDiscordMessages(answerReply({}, "Zx9_-k"));
    const buttons = messages.at(-1)?.components[0]?.components ?? [];
    expect(buttons.map((button) => parseFeedbackCustomId(button.custom_id))).toEqual([
      { verdict: "up", answerId: "Zx9_-k" },
      { verdict: "down", answerId: "Zx9_-k" },
    ]);
    expect(buttons.every((button) => button.custom_id.length <= DISCORD_CUSTOM_ID_MAX)).toBe(true);
  });

  it("leaves the buttons off rather than send a custom_id over 100 characters", () => {
    const messages = toDiscordMessages(answerReply({}, "x".repeat(DISCORD_CUSTOM_ID_MAX)));
    expect(messages.flatMap((message) => message.components)).toEqual([]);
  });

  it("says when the documents do not cover the question, and what they do cover", () => {
    const [message] = toDiscordMessages(
      answerReply({ grounded: false, answer: "I couldn't find that in the docs.", citations: [], related: ["Django › Scaling", "Node › Speed"] }),
    );
    const text = allText([message as DiscordMessage]);
    expect(text).toContain("What the docs do cover");
    expect(text).toContain("• Django › Scaling");
    expect(message?.embeds.at(-1)?.footer?.text).toBe("Not found in the team's documents");
  });

  it("shows the question above an /ask answer as plain text", () => {
    const [message] = toDiscordMessages(answerReply(), { showQuestion: true });
    expect(message?.embeds[0]?.author?.name).toBe("Q: is django scalable?");
  });

  it("splits an answer longer than one embed description over several embeds, in order", () => {
    const sentences = Array.from({ length: 400 }, (_, index) => `Sentence ${index} about scaling [1].`);
    const messages = toDiscordMessages(answerReply({ answer: sentences.join(" "), citations: [citation(1)] }));
    expectWithinLimits(messages);
    const descriptions = messages.flatMap((message) => message.embeds.map((embed) => embed.description ?? "")).join(" ");
    expect(descriptions).toContain("Sentence 0 about");
    expect(descriptions).toContain("Sentence 399 about");
    expect(descriptions.indexOf("Sentence 398")).toBeLessThan(descriptions.indexOf("Sentence 399"));
  });

  it("spreads more than 25 sources over several embeds and messages within 6,000 characters each", () => {
    const citations = Array.from({ length: 60 }, (_, index) => citation(index + 1, { title: "T".repeat(300), section: "S".repeat(300), quote: "q".repeat(500) }));
    const messages = toDiscordMessages(answerReply({ answer: "A [1].".repeat(700), citations }));
    expectWithinLimits(messages);
    const fields = messages.flatMap((message) => message.embeds.flatMap((embed) => embed.fields ?? []));
    expect(fields).toHaveLength(60);
    expect(messages.flatMap((message) => message.embeds).every((embed) => (embed.fields ?? []).length <= DISCORD_EMBED_FIELDS_MAX)).toBe(true);
    expect(messages.at(-1)?.components).toHaveLength(1);
    expect(messages.slice(0, -1).every((message) => message.components.length === 0)).toBe(true);
  });

  it("keeps any answer and sources within Discord's limits", () => {
    const text = fc.string({ unit: "grapheme", maxLength: 12_000 });
    const source = fc.record({ title: fc.string({ maxLength: 400 }), section: fc.string({ maxLength: 400 }), quote: fc.string({ maxLength: 1_500 }), url: fc.oneof(fc.webUrl(), fc.string({ maxLength: 200 })) });
    fc.assert(
      fc.property(text, fc.array(source, { maxLength: 40 }), fc.string({ maxLength: 120 }), (answer, sources, question) => {
        const citations = sources.map((extra, index) => citation(index + 1, extra));
        const reply = { kind: "answer", answer: groundedAnswer(question, { answer, citations }), answerId: "id" } as const;
        expectWithinLimits(toDiscordMessages(reply, { showQuestion: true }));
      }),
      { numRuns: 150 },
    );
  });
});

describe("toDiscordMessages: mentions", () => {
  it("breaks @everyone, @here, user and role mentions that come from the corpus", () => {
    const reply = answerReply({
      answer: "Ping @everyone and @here, <@123456789012345678> and <@&223456789012345678> [1].",
      citations: [citation(1, { title: "@everyone title", quote: "hi @here <@!123456789012345678>" })],
    });
    const text = allText(toDiscordMessages(reply));
    expect(text).not.toMatch(/@(everyone|here)/);
    expect(text).not.toMatch(/<@[!&]?\d+>/);
    expect(text).toContain("everyone");
  });

  it("breaks mentions in notices and apologies too", () => {
    const notice = toDiscordMessages({ kind: "notice", reason: "help", text: "@everyone look <@&1234567>" });
    expect(allText(notice)).not.toMatch(/@everyone|<@&\d+>/);
  });
});

describe("toDiscordMessages: notices and errors", () => {
  it("sends a notice as plain content", () => {
    expect(toDiscordMessages({ kind: "notice", reason: "empty", text: "Ask me a question." })).toEqual([{ content: "Ask me a question.", embeds: [], components: [] }]);
  });

  it("splits a notice longer than 2,000 characters into several messages", () => {
    const text = Array.from({ length: 300 }, (_, index) => `• Document title number ${index}`).join("\n");
    const messages = toDiscordMessages({ kind: "notice", reason: "help", text });
    expect(messages.length).toBeGreaterThan(1);
    expectWithinLimits(messages);
    expect(messages.map((message) => message.content).join("\n")).toBe(text);
  });

  it("shows an error's reference id", () => {
    const [message] = toDiscordMessages({ kind: "error", referenceId: "E-1A2B3C4D", text: "Sorry, something went wrong." });
    expect(message?.content).toContain("E-1A2B3C4D");
  });

  it("does not repeat a reference id the text already names", () => {
    const [message] = toDiscordMessages({ kind: "error", referenceId: "E-1A2B3C4D", text: "Sorry (reference E-1A2B3C4D)." });
    expect(message?.content?.match(/E-1A2B3C4D/g)).toHaveLength(1);
  });

  it("never sends an empty message, which Discord rejects", () => {
    expect(toDiscordMessages({ kind: "notice", reason: "empty", text: "   " })[0]?.content).toBeTruthy();
    expect(toDiscordMessages(answerReply({ answer: "" }))[0]?.embeds[0]?.description).toBeTruthy();
  });

  it("keeps an answer that fits one embed at exactly 4,096 characters in one embed", () => {
    const answer = "a".repeat(DISCORD_EMBED_DESCRIPTION_MAX);
    const [message] = toDiscordMessages(answerReply({ answer, citations: [] }));
    expect(message?.embeds[0]?.description).toHaveLength(DISCORD_EMBED_DESCRIPTION_MAX);
  });
});
