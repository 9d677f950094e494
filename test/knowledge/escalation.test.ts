import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import type { Answer } from "../../src/engine/answer.js";
import { ErrorCode } from "../../src/errors.js";
import { escalationOptions as escalationOptionsFrom } from "../../src/app.js";
import { offersEscalation } from "../../src/knowledge/escalation/escalation-options.js";
import { discordMessageUrl } from "../../src/knowledge/escalation/expert-post.js";
import { discordExpertPost } from "../../src/adapters/discord/expert-post.js";
import { slackExpertPost } from "../../src/adapters/slack/expert-post.js";
import { discordLimitProblems, discordMentionTokens } from "../reliability/discord-output-checks.js";
import { hostileLabel, hostileText, hostileUrl } from "../reliability/hostile-text.js";
import { slackLimitProblems, slackPings } from "../reliability/slack-output-checks.js";

const HOSTILE_QUESTION = "<!channel> @here can <@U0BOSS> or <!subteam^S0OTHER|@admins> tell me how to deploy? @everyone <@&999999999999>";

function answer(overrides: Partial<Answer> = {}): Answer {
  return {
    question: HOSTILE_QUESTION,
    answer: "Run the deploy script, then ping <!here> and <@U0ONCALL> and @everyone <@&123456789012>. [1]",
    grounded: true,
    citations: [{ id: 1, chunkId: "c1", source: "deploy.md", title: "Deploying @channel", section: "Steps <!everyone>", url: "https://docs.example.com/deploy#@here", score: 0.7, quote: "Run the deploy script." }],
    timings: { embedMs: 0, retrieveMs: 0, composeMs: 0, totalMs: 0 },
    generator: "extractive",
    related: [],
    ...overrides,
  };
}

const slackTarget = { channelId: "C0EXPERTS", groupId: "S0EXPERTS" };
const discordTarget = { channelId: "111111111111111111", roleId: "222222222222222222" };

describe("expert post on Slack", () => {
  it("goes to the configured channel and mentions the configured group, once, and nobody else", () => {
    const post = slackExpertPost({ question: HOSTILE_QUESTION, answer: answer(), threadUrl: "https://example.slack.com/archives/C1/p1700000000000100" }, slackTarget);
    expect(post.channel).toBe("C0EXPERTS");
    expect(slackPings(post)).toEqual(["text: <!subteam^S0EXPERTS>", "blocks.0.text: <!subteam^S0EXPERTS>"]);
    expect(post).toMatchObject({ unfurl_links: false, unfurl_media: false });
    expect(post).not.toHaveProperty("link_names");
  });

  it("shows the question, the answer, its sources and the link back to the asker's thread", () => {
    const citation = { ...answer().citations[0]!, title: "Deploying", section: "Steps", url: "https://docs.example.com/deploy#steps" };
    const post = slackExpertPost({ question: "how do we deploy?", answer: answer({ answer: "Run the deploy script. [1]", citations: [citation] }), threadUrl: "https://example.slack.com/archives/C1/p1700000000000100" }, slackTarget);
    const texts = JSON.stringify(post.blocks);
    expect(texts).toContain("Someone still needs help with: *how do we deploy?*");
    expect(texts).toContain("Run the deploy script. [1]");
    expect(texts).toContain("[1] <https://docs.example.com/deploy#steps|Deploying › Steps>");
    expect(texts).toContain("<https://example.slack.com/archives/C1/p1700000000000100|Open the asker's thread>");
  });

  it("mentions nobody when no group is configured", () => {
    expect(slackPings(slackExpertPost({ question: HOSTILE_QUESTION, answer: answer() }, { channelId: "C0EXPERTS" }))).toEqual([]);
  });

  it("pings only the group and stays within Slack's limits, whatever the question, answer and sources say", () => {
    fc.assert(
      fc.property(hostileText, hostileText, hostileLabel, hostileLabel, hostileUrl, hostileUrl, (question, text, title, section, url, threadUrl) => {
        const post = slackExpertPost({ question, answer: answer({ answer: text, citations: [{ ...answer().citations[0]!, title, section, url }] }), threadUrl }, slackTarget);
        expect(slackPings(post).map((ping) => ping.replace(/^[^:]+: /, ""))).toEqual(["<!subteam^S0EXPERTS>", "<!subteam^S0EXPERTS>"]);
        expect(slackLimitProblems(post)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe("expert post on Discord", () => {
  it("goes to the configured channel and may ping the configured role alone", () => {
    const post = discordExpertPost({ question: HOSTILE_QUESTION, answer: answer(), threadUrl: discordMessageUrl("333333333333333333", "444444444444444444", "555555555555555555") }, discordTarget);
    expect(post.channelId).toBe("111111111111111111");
    expect(discordMentionTokens(post)).toEqual(["content: <@&222222222222222222>"]);
    expect(post.allowedMentions).toEqual({ parse: [], roles: ["222222222222222222"], users: [], repliedUser: false });
    expect(post.content).toContain("https://discord.com/channels/333333333333333333/444444444444444444/555555555555555555");
  });

  it("allows no mention at all when no role is configured", () => {
    const post = discordExpertPost({ question: HOSTILE_QUESTION, answer: answer() }, { channelId: "111111111111111111" });
    expect(discordMentionTokens(post)).toEqual([]);
    expect(post.allowedMentions).toEqual({ parse: [], roles: [], users: [], repliedUser: false });
  });

  it("pings only the role and stays within Discord's limits, whatever the question, answer and sources say", () => {
    fc.assert(
      fc.property(hostileText, hostileText, hostileLabel, hostileLabel, hostileUrl, (question, text, title, section, url) => {
        const post = discordExpertPost({ question, answer: answer({ answer: text, citations: [{ ...answer().citations[0]!, title, section, url }] }) }, discordTarget);
        expect(discordMentionTokens(post)).toEqual(["content: <@&222222222222222222>"]);
        expect(discordLimitProblems(post)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe("escalation settings", () => {
  it("are off by default, and on only where an expert channel is set", () => {
    expect(offersEscalation(escalationOptionsFrom(loadConfig({})), "slack")).toBe(false);
    const options = escalationOptionsFrom(loadConfig({ ESCALATION: "on", ESCALATION_SLACK_CHANNEL: "C0EXPERTS", ESCALATION_SLACK_GROUP: "S0EXPERTS" }));
    expect(options).toEqual({ enabled: true, slack: { channelId: "C0EXPERTS", groupId: "S0EXPERTS" } });
    expect([offersEscalation(options, "slack"), offersEscalation(options, "discord"), offersEscalation(options, "cli")]).toEqual([true, false, false]);
  });

  it("name the missing channel when ESCALATION is on without one", () => {
    expect(() => loadConfig({ ESCALATION: "on" })).toThrow(expect.objectContaining({ code: ErrorCode.ConfigInvalid, message: expect.stringContaining("ESCALATION_SLACK_CHANNEL or ESCALATION_DISCORD_CHANNEL: missing") }));
    expect(() => loadConfig({ ESCALATION_DISCORD_ROLE: "222222222222222222" })).toThrow(/ESCALATION_DISCORD_CHANNEL: missing/);
    expect(() => loadConfig({ ESCALATION_SLACK_GROUP: "C0NOTAGROUP" })).toThrow(/ESCALATION_SLACK_GROUP: must be a Slack user group ID/);
  });
});
