import { describe, expect, it } from "vitest";
import type { IncomingDiscordMessage } from "../../../src/adapters/discord/payloads.js";
import { routeMessage, type RoutingSettings, type RoutingState } from "../../../src/adapters/discord/routing.js";

const BOT = "100";
const settings: RoutingSettings = { botUserId: BOT, allowedChannels: [], allowDms: true, threadFollowups: true, replyInThread: false };
const idle: RoutingState = { isActiveThread: () => false, conversationOf: () => undefined };

function message(overrides: Partial<IncomingDiscordMessage> = {}): IncomingDiscordMessage {
  return {
    id: "900",
    channelId: "300",
    guildId: "200",
    channelKind: "channel",
    parentId: null,
    authorId: "400",
    authorIsBot: false,
    webhookId: null,
    system: false,
    content: `<@${BOT}> is django scalable?`,
    mentionsBot: true,
    referencedMessageId: null,
    referencedAuthorId: null,
    threadOwnerId: null,
    ...overrides,
  };
}

describe("routeMessage", () => {
  it("answers a mention in a channel as a reply keyed to that message", () => {
    expect(routeMessage(message(), settings, idle)).toEqual({ action: "answer", delivery: "reply", threadKey: "300:900" });
  });

  it("starts a thread for a mention when DISCORD_REPLY_IN_THREAD is on", () => {
    expect(routeMessage(message(), { ...settings, replyInThread: true }, idle)).toEqual({ action: "answer", delivery: "new_thread", threadKey: "300:900" });
  });

  it("answers a mention inside a thread in that thread's conversation", () => {
    expect(routeMessage(message({ channelKind: "thread", channelId: "301", parentId: "300" }), settings, idle)).toEqual({
      action: "answer",
      delivery: "reply",
      threadKey: "301",
    });
  });

  it("ignores other bots, itself, webhooks and system messages", () => {
    for (const overrides of [{ authorIsBot: true }, { authorId: BOT }, { webhookId: "555" }, { system: true }]) {
      expect(routeMessage(message(overrides), settings, idle)).toEqual({ action: "ignore", reason: "bot" });
    }
  });

  it("ignores a message that neither mentions the bot nor continues its conversation", () => {
    expect(routeMessage(message({ mentionsBot: false, content: "lunch?" }), settings, idle)).toEqual({ action: "ignore", reason: "not_addressed" });
  });

  it("answers a follow-up without a mention in a thread where the bot answered", () => {
    const state: RoutingState = { isActiveThread: (key) => key === "301", conversationOf: () => undefined };
    const followUp = message({ channelKind: "thread", channelId: "301", parentId: "300", mentionsBot: false, content: "and Rails?" });
    expect(routeMessage(followUp, settings, state)).toEqual({ action: "answer", delivery: "reply", threadKey: "301" });
  });

  it("continues the original conversation in a thread the bot started", () => {
    const state: RoutingState = { isActiveThread: (key) => key === "300:900", conversationOf: (id) => (id === "900" ? "300:900" : undefined) };
    const followUp = message({ id: "901", channelKind: "thread", channelId: "900", parentId: "300", mentionsBot: false, content: "and Rails?" });
    expect(routeMessage(followUp, settings, state)).toEqual({ action: "answer", delivery: "reply", threadKey: "300:900" });
  });

  it("answers a reply to one of its answers as a follow-up", () => {
    const state: RoutingState = { isActiveThread: (key) => key === "300:900", conversationOf: (id) => (id === "950" ? "300:900" : undefined) };
    const reply = message({ id: "960", mentionsBot: false, content: "and Rails?", referencedMessageId: "950" });
    expect(routeMessage(reply, settings, state)).toEqual({ action: "answer", delivery: "reply", threadKey: "300:900" });
  });

  it("answers a reply to one of its messages it has no memory of (as after a restart), from who wrote that message", () => {
    const reply = message({ id: "960", mentionsBot: false, content: "and Rails?", referencedMessageId: "950", referencedAuthorId: BOT });
    expect(routeMessage(reply, settings, idle)).toEqual({ action: "answer", delivery: "reply", threadKey: "300:950" });
    expect(routeMessage({ ...reply, referencedAuthorId: "400" }, settings, idle)).toEqual({ action: "ignore", reason: "not_addressed" });
  });

  it("answers a follow-up in a thread it started even with no memory of it", () => {
    const followUp = message({ channelKind: "thread", channelId: "901", parentId: "300", mentionsBot: false, content: "and Rails?", threadOwnerId: BOT });
    expect(routeMessage(followUp, settings, idle)).toEqual({ action: "answer", delivery: "reply", threadKey: "901" });
  });

  it("asks for a look at someone else's thread it has no memory of, since it may have answered there before a restart", () => {
    const followUp = message({ channelKind: "thread", channelId: "301", parentId: "300", mentionsBot: false, content: "and Rails?", threadOwnerId: "400" });
    expect(routeMessage(followUp, settings, idle)).toEqual({ action: "check_thread", threadKey: "301" });
    expect(routeMessage({ ...followUp, content: " " }, settings, idle)).toEqual({ action: "ignore", reason: "not_addressed" });
  });

  it("ignores follow-ups when THREAD_FOLLOWUPS is off", () => {
    const state: RoutingState = { isActiveThread: () => true, conversationOf: () => undefined };
    const followUp = message({ channelKind: "thread", channelId: "301", parentId: "300", mentionsBot: false, content: "and Rails?" });
    expect(routeMessage(followUp, { ...settings, threadFollowups: false }, state)).toEqual({ action: "ignore", reason: "not_addressed" });
  });

  it("ignores an empty follow-up, which is what arrives without the Message Content intent", () => {
    const state: RoutingState = { isActiveThread: () => true, conversationOf: () => undefined };
    const followUp = message({ channelKind: "thread", channelId: "301", parentId: "300", mentionsBot: false, content: "" });
    expect(routeMessage(followUp, settings, state)).toEqual({ action: "ignore", reason: "empty_follow_up" });
  });

  it("answers DMs, keyed to the DM channel", () => {
    expect(routeMessage(message({ channelKind: "dm", guildId: null, mentionsBot: false, content: "hi" }), settings, idle)).toEqual({
      action: "answer",
      delivery: "dm",
      threadKey: "300",
    });
  });

  it("refuses DMs when ALLOW_DMS is off", () => {
    const dm = message({ channelKind: "dm", guildId: null, mentionsBot: false });
    expect(routeMessage(dm, { ...settings, allowDms: false }, idle)).toEqual({ action: "refuse", reason: "dms_disabled" });
  });

  it("refuses a mention outside DISCORD_ALLOWED_CHANNELS and accepts threads of an allowed channel", () => {
    const allowList = { ...settings, allowedChannels: ["300"] };
    expect(routeMessage(message({ channelId: "399" }), allowList, idle)).toEqual({ action: "refuse", reason: "channel_not_allowed" });
    expect(routeMessage(message({ channelKind: "thread", channelId: "301", parentId: "300" }), allowList, idle)).toMatchObject({ action: "answer" });
  });
});
