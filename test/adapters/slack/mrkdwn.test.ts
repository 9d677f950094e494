import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeSlackText, neutraliseMentions, slackLink, toSlackMrkdwn } from "../../../src/adapters/slack/mrkdwn.js";

/** Any Slack control sequence that notifies people: broadcast, user, or user-group mentions. */
const PING = /<!(?:channel|here|everyone|subteam)|<@[UW]|(?<!\u2060)@(?:channel|here|everyone)\b/i;

describe("toSlackMrkdwn", () => {
  it("turns Markdown bold into Slack bold", () => {
    expect(toSlackMrkdwn("Django **scales** well")).toBe("Django *scales* well");
  });

  it("turns Markdown italics into Slack italics", () => {
    expect(toSlackMrkdwn("it is *very* fast")).toBe("it is _very_ fast");
  });

  it("renders links as <url|text>", () => {
    expect(toSlackMrkdwn("see [the guide](https://example.com/a?b=1&c=2) now")).toBe("see <https://example.com/a?b=1&amp;c=2|the guide> now");
  });

  it("keeps the label of a relative link as plain text, since Slack cannot open it", () => {
    expect(toSlackMrkdwn("see [the guide](/posts/guide/)")).toBe("see the guide");
  });

  it("does not link javascript: URLs", () => {
    expect(toSlackMrkdwn("[click](javascript:alert(1))")).not.toContain("<javascript");
  });

  it("converts bullet and numbered lists", () => {
    expect(toSlackMrkdwn("- one\n* two\n  + nested\n3. three")).toBe("• one\n• two\n  • nested\n3. three");
  });

  it("turns headings into bold lines", () => {
    expect(toSlackMrkdwn("## Low **latency**")).toBe("*Low latency*");
  });

  it("escapes &, < and > in prose", () => {
    expect(toSlackMrkdwn("a < b && c > d")).toBe("a &lt; b &amp;&amp; c &gt; d");
  });

  it("escapes code but leaves its Markdown alone", () => {
    expect(toSlackMrkdwn("run `a **b** <c>`\n```ts\nconst x = a < b;\n```")).toBe("run `a **b** &lt;c&gt;`\n```\nconst x = a &lt; b;\n```");
  });

  it("keeps citation markers", () => {
    expect(toSlackMrkdwn("Frameworks add layers [1]. Django scales [2][3].")).toBe("Frameworks add layers [1]. Django scales [2][3].");
  });

  it("keeps a quote marker literal so Slack renders a quote", () => {
    expect(toSlackMrkdwn("> quoted <b>")).toBe("> quoted &lt;b&gt;");
  });

  it("neutralises <!channel>, <!here>, <!everyone> in corpus text", () => {
    const out = toSlackMrkdwn("Deploy notes <!channel> <!here|here> <!everyone> <!subteam^S123|@oncall>");
    expect(out).not.toMatch(PING);
    expect(out).not.toContain("<!");
  });

  it("neutralises user mentions in corpus text", () => {
    expect(toSlackMrkdwn("ask <@U123ABC> or <@W999|bob>")).not.toMatch(PING);
  });

  it("puts a word joiner into a bare @channel, @here or @everyone", () => {
    const out = toSlackMrkdwn("hey @channel, @Here and @everyone");
    expect(out).not.toMatch(PING);
    expect(out.replace(/\u2060/g, "")).toBe("hey @channel, @Here and @everyone");
  });

  it("cannot be tricked into a ping through a link label or URL", () => {
    const out = toSlackMrkdwn("[<!channel>](https://example.com/<!here>) [@everyone](https://x.io)");
    expect(out).not.toMatch(PING);
  });

  it("ignores forged private-use placeholders in the input", () => {
    expect(toSlackMrkdwn("\uE0000\uE001 [a](https://a.io)")).toBe("0 <https://a.io/|a>");
  });

  it("never emits a ping, whatever the input", () => {
    const fragments = fc.constantFrom("<!channel>", "<!here>", "<!everyone>", "<@U1>", "<!subteam^S1>", "@channel", "@here", "@everyone", "<", ">", "!", "@", "&", "|", "[", "](", ")", "**", "`", "\n", "https://a.io/", " ", "x", "\uE000", "\uE001");
    fc.assert(
      fc.property(fc.array(fragments, { maxLength: 30 }), (parts) => {
        expect(toSlackMrkdwn(parts.join(""))).not.toMatch(PING);
      }),
    );
  });

  it("never leaves an unescaped < or > outside the links and quote markers it made", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const out = toSlackMrkdwn(text).replace(/<(?:https?|mailto):[^<>\s]*>/g, "").replace(/^> /gm, "");
        expect(out).not.toMatch(/[<>]/);
      }),
    );
  });
});

describe("neutraliseMentions", () => {
  it("is idempotent", () => {
    const once = neutraliseMentions("<!channel> @here <@U1|ann>");
    expect(neutraliseMentions(once)).toBe(once);
  });

  it("shows a readable name in place of the ping", () => {
    expect(neutraliseMentions("<@U1|ann> <!here>").replace(/\u2060/g, "")).toBe("@ann @here");
  });
});

describe("slackLink", () => {
  it("escapes & in the URL and | in the label", () => {
    expect(slackLink("https://a.io/?x=1&y=2", "a|b")).toBe("<https://a.io/?x=1&amp;y=2|a¦b>");
  });

  it("returns undefined for a relative URL", () => {
    expect(slackLink("/posts/x/#y", "x")).toBeUndefined();
  });
});

describe("escapeSlackText", () => {
  it("escapes exactly &, < and >", () => {
    expect(escapeSlackText(`<&>"'`)).toBe(`&lt;&amp;&gt;"'`);
  });
});
