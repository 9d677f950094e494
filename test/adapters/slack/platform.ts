import type { types } from "@slack/bolt";
import fc from "fast-check";
import { ActionId, type BlockOptions, type SlackMessage, toSlackBlocks } from "../../../src/adapters/slack/blocks.js";
import { slackLimitProblems, slackPings } from "../../reliability/slack-output-checks.js";
import { scriptedEngine } from "../../fakes/engine.js";
import { type ApiCall, FAKE_BOT_USER } from "../../fakes/slack.js";
import { mentionEvent, messageEvent } from "../../fakes/slack-requests.js";
import type { Asked, BotWrite, ChatPlatform, PlatformHarness, PlatformOptions } from "../chat-platform.js";
import { type Harness, startHarness, visibleText } from "./harness.js";

const CHANNEL = "C0000001";
const DM = "D0000001";
/** The streaming tests' own check on what a reader sees: a live Slack ping token, or a crowd word not broken by a word joiner. */
const VISIBLE_PING = /<!(channel|here|everyone|subteam)|<@U|(?<!\u2060)@(channel|here|everyone)\b/i;

const WRITES = new Set(["chat.postMessage", "chat.update", "chat.delete"]);

function messageOf(args: Record<string, unknown>): SlackMessage {
  return { text: String(args.text ?? ""), blocks: (args.blocks ?? []) as SlackMessage["blocks"] };
}

function hasFeedbackButtons(args: Record<string, unknown>): boolean {
  return ((args.blocks ?? []) as types.KnownBlock[]).some(
    (block) => block.type === "actions" && block.elements.some((element) => "action_id" in element && element.action_id === ActionId.FeedbackUp),
  );
}

/** A thread of a channel, or a DM's top level. */
const placeOf = (channel: unknown, threadTs: unknown) => `${String(channel)}:${typeof threadTs === "string" ? threadTs : "top"}`;

function toWrite(call: ApiCall, seq: number): BotWrite {
  const kind = call.method === "chat.postMessage" ? "post" : call.method === "chat.update" ? "edit" : "delete";
  const accepted = call.response?.ok === true;
  const messageId = String(kind === "post" ? (call.response?.ts ?? "") : call.args.ts);
  if (kind === "delete") return { kind, messageId, place: placeOf(call.args.channel, undefined), visible: "", finalAnswer: false, inProgress: false, pings: [], limitProblems: [], accepted, seq };
  const message = messageOf(call.args);
  const visible = visibleText(call.args);
  const pings = [...slackPings(message), ...(VISIBLE_PING.test(visible) ? [`visible: ${VISIBLE_PING.exec(visible)?.[0]}`] : [])];
  return {
    kind,
    messageId,
    place: placeOf(call.args.channel, call.args.thread_ts),
    visible,
    finalAnswer: hasFeedbackButtons(call.args),
    inProgress: visible.includes("Writing…"),
    pings,
    limitProblems: slackLimitProblems(message),
    accepted,
    seq,
  };
}

class SlackPlatformHarness implements PlatformHarness {
  constructor(readonly harness: Harness) {}

  get engine() {
    return this.harness.engine as PlatformHarness["engine"];
  }

  async mention(question: string): Promise<Asked> {
    const event = mentionEvent({ text: `<@${FAKE_BOT_USER}> ${question}` });
    return this.#send(event, placeOf(CHANNEL, event.ts));
  }

  async dm(question: string): Promise<Asked> {
    const event = messageEvent({ text: question, channel: DM, channel_type: "im" });
    return this.#send(event, placeOf(DM, undefined));
  }

  async followUp(asked: Asked, question: string): Promise<Asked> {
    const threadTs = asked.detail.threadTs;
    const event = messageEvent({ text: question, channel: asked.detail.channel, channel_type: asked.detail.channel === DM ? "im" : "channel", ...(threadTs ? { thread_ts: threadTs } : {}) });
    return this.#send(event, asked.answerPlace);
  }

  writes(asked: Asked): BotWrite[] {
    return this.harness.fake.calls.flatMap((call, seq) => (seq >= asked.fromSeq && WRITES.has(call.method) ? [toWrite(call, seq)] : [])).filter((write) => this.#about(asked, write));
  }

  async waitForWrite(asked: Asked, matches: (write: BotWrite) => boolean): Promise<BotWrite> {
    const { calls } = this.harness.fake;
    const call = await this.harness.fake.waitForAnyCall((candidate) => {
      const seq = calls.indexOf(candidate);
      if (seq < asked.fromSeq || !WRITES.has(candidate.method)) return false;
      const write = toWrite(candidate, seq);
      return this.#about(asked, write) && matches(write);
    });
    return toWrite(call, calls.indexOf(call));
  }

  async settled(asked: Asked): Promise<void> {
    // The 👀 comes off once the reply, or its apology, has been delivered; a refusal gets no 👀, only its notice.
    await Promise.race([
      this.harness.fake.waitForCall("reactions.remove", (call) => call.args.timestamp === asked.detail.ts),
      this.waitForWrite(asked, (write) => write.kind === "post" && !write.finalAnswer && !write.inProgress),
    ]);
  }

  refuseFinalEdits(): void {
    this.harness.fake.respondTo("chat.update", (args) => (hasFeedbackButtons(args) ? { body: { ok: false, error: "message_not_found" } } : { body: { ok: true, channel: args.channel, ts: args.ts } }));
  }

  stop(): Promise<void> {
    return this.harness.close();
  }

  /** Posts where the answer belongs; edits and deletions of those posts. */
  #about(asked: Asked, write: BotWrite): boolean {
    if (write.kind === "post") return write.place === asked.answerPlace;
    return this.harness.fake.calls.some(
      (call, seq) => seq >= asked.fromSeq && call.method === "chat.postMessage" && placeOf(call.args.channel, call.args.thread_ts) === asked.answerPlace && call.response?.ts === write.messageId,
    );
  }

  async #send(event: Record<string, unknown>, answerPlace: string): Promise<Asked> {
    const fromSeq = this.harness.fake.calls.length;
    await this.harness.sendEvent(event);
    const threadTs = typeof event.thread_ts === "string" ? event.thread_ts : event.type === "app_mention" ? String(event.ts) : undefined;
    return { answerPlace, fromSeq, detail: { channel: String(event.channel), ts: String(event.ts), threadTs } };
  }
}

const blockOptions = fc.record(
  { postToChannel: fc.boolean(), showQuestion: fc.boolean(), feedbackGiven: fc.constantFrom("up" as const, "down" as const) },
  { requiredKeys: [] },
);

export const slackPlatform: ChatPlatform = {
  name: "Slack",
  answersInOneMessage: true,
  async start(options: PlatformOptions = {}) {
    return new SlackPlatformHarness(await startHarness({ engine: scriptedEngine(options.engine), env: options.env }));
  },
  format(reply, options) {
    const message = toSlackBlocks(reply, options as BlockOptions);
    return [{ pings: slackPings(message), limitProblems: slackLimitProblems(message) }];
  },
  formatOptions: blockOptions,
};
