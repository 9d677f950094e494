import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { types } from "@slack/bolt";
import { ActionId, toSlackBlocks } from "../../../src/adapters/slack/blocks.js";
import { decodeButtonValue } from "../../../src/adapters/slack/button-value.js";
import { SLACK_CONTEXT_ELEMENTS_MAX, SLACK_FALLBACK_TEXT_MAX, SLACK_MESSAGE_BLOCKS_MAX, SLACK_SECTION_TEXT_MAX } from "../../../src/adapters/slack/limits.js";
import { splitMrkdwn } from "../../../src/adapters/slack/split-mrkdwn.js";
import type { Reply } from "../../../src/chat/reply.js";
import type { Citation } from "../../../src/engine/answer.js";
import { groundedAnswer } from "../../fakes/engine.js";

const answerReply = (overrides: Parameters<typeof groundedAnswer>[1] = {}): Reply => ({ kind: "answer", answer: groundedAnswer("Is Django fast?", overrides), answerId: "ans-1" });

const sections = (blocks: types.KnownBlock[]) => blocks.filter((b): b is types.SectionBlock => b.type === "section");
const contexts = (blocks: types.KnownBlock[]) => blocks.filter((b): b is types.ContextBlock => b.type === "context");
const buttons = (blocks: types.KnownBlock[]) => blocks.flatMap((b) => (b.type === "actions" ? (b.elements as types.Button[]) : []));
// Button values are not rendered by Slack (they carry what a click needs to record a vote), so they are not "text".
const textOf = (blocks: types.KnownBlock[]) => JSON.stringify(blocks, (key, value: unknown) => (key === "value" ? undefined : value));

function citation(id: number, overrides: Partial<Citation> = {}): Citation {
  return { id, chunkId: `c${id}`, source: "s.md", title: `Title ${id}`, section: `Section ${id}`, url: `https://docs.example.com/t${id}#s`, score: 0.5, quote: "q", ...overrides };
}

describe("toSlackBlocks for an answer", () => {
  it("puts the answer text, in mrkdwn, in a section", () => {
    const { blocks } = toSlackBlocks(answerReply({ answer: "Django **scales** [1]." }));
    expect(sections(blocks)[0]?.text?.text).toBe("Django *scales* [1].");
  });

  it("lists each source as [n] Title › Section linked to its URL", () => {
    const { blocks } = toSlackBlocks(answerReply({ citations: [citation(1), citation(2)] }));
    const lines = contexts(blocks).flatMap((c) => c.elements.map((e) => ("text" in e ? e.text : "")));
    expect(lines).toEqual(["[1] <https://docs.example.com/t1#s|Title 1 › Section 1>", "[2] <https://docs.example.com/t2#s|Title 2 › Section 2>"]);
  });

  it("shows a source with a relative URL as unlinked text", () => {
    const { blocks } = toSlackBlocks(answerReply());
    expect(textOf(blocks)).toContain("[1] When Not to Use a Web Framework › Low-latency and/or high-throughput");
  });

  it("offers 👍 and 👎 buttons carrying the answerId, the question and the sources", () => {
    const { blocks } = toSlackBlocks(answerReply());
    expect(buttons(blocks).map((b) => [b.action_id, decodeButtonValue(b.value ?? "")])).toEqual([
      [ActionId.FeedbackUp, expect.objectContaining({ answerId: "ans-1", question: "Is Django fast?" })],
      [ActionId.FeedbackDown, expect.objectContaining({ answerId: "ans-1", question: "Is Django fast?" })],
    ]);
    expect(decodeButtonValue(buttons(blocks)[0]?.value ?? "").citations.map((c) => c.title)).toEqual(["When Not to Use a Web Framework", "How Scalable are Websites Built in Django Framework?"]);
  });

  it("keeps the button value within Slack's 2,000 characters for a long question and many long sources", () => {
    const many = Array.from({ length: 30 }, (_, i) => citation(i + 1, { title: "T".repeat(500), section: "S".repeat(500), url: `https://docs.example.com/${"u".repeat(900)}` }));
    const { blocks } = toSlackBlocks({ kind: "answer", answer: groundedAnswer("q".repeat(5_000), { citations: many }), answerId: "ans-1" });
    for (const button of buttons(blocks)) {
      expect(button.value?.length).toBeLessThanOrEqual(2_000);
      expect(decodeButtonValue(button.value ?? "")).toMatchObject({ answerId: "ans-1", question: expect.stringMatching(/^q+…$/) });
    }
  });

  it("adds a Post to channel button when asked", () => {
    const { blocks } = toSlackBlocks(answerReply(), { postToChannel: true });
    expect(buttons(blocks).map((b) => b.action_id)).toContain(ActionId.PostToChannel);
  });

  it("replaces the feedback buttons with a thank-you once rated", () => {
    const { blocks } = toSlackBlocks(answerReply(), { feedbackGiven: "down" });
    expect(buttons(blocks)).toEqual([]);
    expect(textOf(blocks)).toContain("Thanks for the 👎 feedback");
  });

  it("gives a plain-text fallback with the answer", () => {
    const { text } = toSlackBlocks(answerReply({ answer: "Django scales [2]." }));
    expect(text).toBe("Django scales [2].");
  });

  it("says what the docs do cover on a refusal", () => {
    const { blocks } = toSlackBlocks(answerReply({ grounded: false, answer: "I couldn't find that in the docs.", citations: [], related: ["Django › Scaling", "Hosting › Costs"] }));
    expect(textOf(blocks)).toContain("What the docs do cover");
    expect(textOf(blocks)).toContain("• Django › Scaling");
  });

  it("splits a 10,000-character answer into sections within Slack's limits", () => {
    const sentence = "Frameworks trade raw speed for developer time, which is often the right call [1]. ";
    const answer = sentence.repeat(Math.ceil(10_000 / sentence.length)).slice(0, 10_000);
    const { blocks, text } = toSlackBlocks(answerReply({ answer }));
    const parts = sections(blocks);
    expect(parts.length).toBeGreaterThanOrEqual(4);
    for (const part of parts) expect(part.text?.text.length).toBeLessThanOrEqual(SLACK_SECTION_TEXT_MAX);
    expect(blocks.length).toBeLessThanOrEqual(SLACK_MESSAGE_BLOCKS_MAX);
    expect(text.length).toBeLessThanOrEqual(SLACK_FALLBACK_TEXT_MAX);
    expect(parts.map((p) => p.text?.text).join(" ").replace(/\s+/g, " ")).toBe(answer.trim().replace(/\s+/g, " "));
  });

  it("stays within 50 blocks for an answer longer than 50 sections, saying it was cut", () => {
    const answer = "word ".repeat(40_000);
    const { blocks } = toSlackBlocks(answerReply({ answer }));
    expect(blocks.length).toBeLessThanOrEqual(SLACK_MESSAGE_BLOCKS_MAX);
    for (const part of sections(blocks)) expect(part.text?.text.length).toBeLessThanOrEqual(SLACK_SECTION_TEXT_MAX);
    expect(textOf(blocks)).toContain("too long for one Slack message");
    expect(buttons(blocks).length).toBe(2);
  });

  it("keeps at most ten sources per context block", () => {
    const { blocks } = toSlackBlocks(answerReply({ citations: Array.from({ length: 23 }, (_, i) => citation(i + 1)) }));
    for (const block of contexts(blocks)) expect(block.elements.length).toBeLessThanOrEqual(SLACK_CONTEXT_ELEMENTS_MAX);
    expect(contexts(blocks).flatMap((c) => c.elements)).toHaveLength(23);
  });

  it("neutralises @channel in the corpus text of an answer and its sources", () => {
    const reply = answerReply({
      answer: "Ping <!channel> and @here when deploying [1].",
      citations: [citation(1, { title: "<!everyone> runbook", section: "@channel etiquette" })],
    });
    const { blocks, text } = toSlackBlocks(reply);
    for (const out of [textOf(blocks), text]) {
      expect(out).not.toMatch(/<!(channel|here|everyone)/);
      expect(out).not.toMatch(/(?<!\u2060)@(channel|here|everyone)/);
    }
  });

  it("shows the question as plain text when asked, so it cannot format or ping", () => {
    const { blocks } = toSlackBlocks({ ...answerReply(), answer: groundedAnswer("*bold* <!channel> question") } as Reply, { showQuestion: true });
    const first = blocks[0] as types.ContextBlock;
    expect(first.elements[0]).toMatchObject({ type: "plain_text" });
    expect(JSON.stringify(first)).not.toMatch(/<!channel/);
  });
});

describe("toSlackBlocks for notices and errors", () => {
  it("shows a notice as a section", () => {
    const { blocks, text } = toSlackBlocks({ kind: "notice", reason: "help", text: "I know:\n• Django" });
    expect(sections(blocks)[0]?.text?.text).toBe("I know:\n• Django");
    expect(text).toBe("I know:\n• Django");
  });

  it("shows an error's apology with its reference id", () => {
    const { text } = toSlackBlocks({ kind: "error", referenceId: "E-1234", text: "Sorry, something went wrong." });
    expect(text).toContain("Sorry, something went wrong.");
    expect(text).toContain("E-1234");
  });

  it("does not repeat a reference id the apology already names", () => {
    const { text } = toSlackBlocks({ kind: "error", referenceId: "E-1234", text: "Sorry (reference E-1234)" });
    expect(text.split("E-1234")).toHaveLength(2);
  });
});

describe("splitMrkdwn", () => {
  it("never cuts inside a link", () => {
    const link = "<https://example.com/a/very/long/path|a link label>";
    const text = `${"x ".repeat(20)}${link} tail`;
    for (const piece of splitMrkdwn(text, 60)) {
      expect((piece.match(/</g) ?? []).length).toBe((piece.match(/>/g) ?? []).length);
    }
  });

  it("closes and reopens a code fence it has to cut through", () => {
    const text = `intro\n\`\`\`\n${"line of code\n".repeat(20)}\`\`\`\noutro`;
    const pieces = splitMrkdwn(text, 80);
    for (const piece of pieces) expect(piece.split("```").length % 2).toBe(1);
  });

  it("keeps every piece within the limit and loses or repeats no text", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom("<https://a.io|x>", "&amp;", "\n\n", ". ", "```\n")), { maxLength: 80 }), fc.integer({ min: 32, max: 300 }), (parts, max) => {
        const text = parts.join("");
        const pieces = splitMrkdwn(text, max);
        for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(max);
        const content = (s: string) => s.replace(/```/g, "").replace(/\s+/g, "");
        expect(content(pieces.join(""))).toBe(content(text));
      }),
    );
  });
});
