import { describe, expect, it } from "vitest";
import { type RoutingSettings, routeMention, routeMessage } from "../../../src/adapters/slack/routing.js";
import { AppMentionEvent, MessageEvent } from "../../../src/adapters/slack/payloads.js";

const settings = (overrides: Partial<RoutingSettings> = {}): RoutingSettings => ({
  allowDms: true,
  threadFollowups: true,
  allowedChannels: [],
  botUserId: "UBOT",
  botId: "BBOT",
  isActiveThread: (key) => key === "C1:1700000000.000100",
  ...overrides,
});

const message = (fields: Record<string, unknown>) => MessageEvent.parse({ type: "message", user: "U1", channel: "C1", ts: "1700000001.000100", text: "hi", ...fields });
const mention = (fields: Record<string, unknown> = {}) => AppMentionEvent.parse({ type: "app_mention", user: "U1", channel: "C1", ts: "1700000001.000100", text: "<@UBOT> hi", ...fields });

describe("group DMs", () => {
  it("answers a group DM message like a DM: no mention needed, one conversation per group DM", () => {
    expect(routeMessage(message({ channel_type: "mpim", channel: "G1" }), settings({ allowedChannels: ["C2"] }))).toMatchObject({
      action: "answer",
      target: { channel: "G1", threadKey: "G1", replyThreadTs: undefined, isDirect: true },
    });
  });

  it("leaves a mention in a known group DM to the DM route", () => {
    expect(routeMention(mention({ channel: "G1" }), settings({ isGroupDm: (channel) => channel === "G1" }))).toMatchObject({ action: "ignore", reason: "mention in a DM is answered as a DM" });
  });
});

describe("routeMention", () => {
  it("answers in a new thread under a top-level mention", () => {
    expect(routeMention(mention(), settings())).toEqual({
      action: "answer",
      target: { channel: "C1", userId: "U1", threadKey: "C1:1700000001.000100", replyThreadTs: "1700000001.000100", isDirect: false },
    });
  });

  it("refuses outside the allowed channels", () => {
    expect(routeMention(mention(), settings({ allowedChannels: ["C2"] }))).toMatchObject({ action: "refuse", reason: "channel_not_allowed" });
  });

  it("ignores a mention from a bot", () => {
    expect(routeMention(mention({ bot_id: "B9" }), settings())).toMatchObject({ action: "ignore" });
  });
});

describe("routeMessage", () => {
  it("ignores edits, deletions, joins and bot posts", () => {
    for (const subtype of ["message_changed", "message_deleted", "channel_join", "bot_message"]) {
      expect(routeMessage(message({ subtype, channel_type: "im", channel: "D1" }), settings())).toMatchObject({ action: "ignore" });
    }
  });

  it("answers a file shared with a question in a DM", () => {
    expect(routeMessage(message({ subtype: "file_share", channel_type: "im", channel: "D1" }), settings())).toMatchObject({ action: "answer" });
  });

  it("keys a top-level DM by the DM channel, and a DM thread by its thread", () => {
    expect(routeMessage(message({ channel_type: "im", channel: "D1" }), settings())).toMatchObject({ target: { threadKey: "D1", replyThreadTs: undefined, isDirect: true } });
    expect(routeMessage(message({ channel_type: "im", channel: "D1", thread_ts: "1700000000.000900" }), settings())).toMatchObject({
      target: { threadKey: "D1:1700000000.000900", replyThreadTs: "1700000000.000900" },
    });
  });

  it("refuses DMs when they are off", () => {
    expect(routeMessage(message({ channel_type: "im", channel: "D1" }), settings({ allowDms: false }))).toMatchObject({ action: "refuse", reason: "dms_off" });
  });

  it("answers a follow-up in an active thread of an allowed channel", () => {
    const followUp = message({ thread_ts: "1700000000.000100" });
    expect(routeMessage(followUp, settings())).toMatchObject({ action: "answer", target: { threadKey: "C1:1700000000.000100", replyThreadTs: "1700000000.000100" } });
    expect(routeMessage(followUp, settings({ allowedChannels: ["C2"] }))).toMatchObject({ action: "ignore" });
  });

  it("asks for a look at a thread it has no memory of, rather than ignoring it (citebot may have answered before a restart)", () => {
    expect(routeMessage(message({ thread_ts: "1700000000.000555" }), settings())).toMatchObject({
      action: "check_thread",
      threadTs: "1700000000.000555",
      target: { threadKey: "C1:1700000000.000555", replyThreadTs: "1700000000.000555" },
    });
  });

  it("treats a message without a user as not a question", () => {
    expect(routeMessage(message({ user: undefined, channel_type: "im", channel: "D1" }), settings())).toMatchObject({ action: "ignore", reason: "message without a user" });
  });
});
