import fc from "fast-check";
import { type FormatOptions, toDiscordMessages } from "../../../src/adapters/discord/embeds.js";
import { ids, type RestCall, wouldPing } from "../../fakes/discord.js";
import { invalidFormBody, type SentBody } from "../../fakes/discord-payloads.js";
import { discordLimitProblems, discordMentionTokens } from "../../reliability/discord-output-checks.js";
import type { Asked, BotWrite, ChatPlatform, PlatformHarness, PlatformOptions } from "../chat-platform.js";
import { type Harness, startBot, visibleText } from "./harness.js";

/** The streaming tests' own check on message content: a crowd ping not broken by a zero-width joiner, or a live user or role mention. */
const CONTENT_PING = /(?<!\u200D)@(everyone|here)\b|<@&?\d+>/;

const POST = /^\/channels\/(\d+)\/messages$/;
const EDIT_OR_DELETE = /^\/channels\/(\d+)\/messages\/(\d+)$/;

function pingsOf(body: SentBody): string[] {
  const pings = [...wouldPing(body, ids.human).filter((ping) => ping !== `reply:${ids.human}`), ...discordMentionTokens(body)];
  const parse = body.allowed_mentions?.parse;
  if (!parse || parse.length > 0) pings.push(`allowed_mentions.parse is ${JSON.stringify(parse)}, not []`);
  const content = CONTENT_PING.exec(body.content ?? "");
  if (content) pings.push(`content: ${content[0]}`);
  return pings;
}

function limitProblemsOf(body: SentBody): string[] {
  const invalid = invalidFormBody(body);
  return [...discordLimitProblems(body), ...(invalid ? [JSON.stringify(invalid)] : [])];
}

/**
 * A write the bot made to a channel's messages, or undefined for any other call. An edit that leaves `content` out
 * keeps the message's text as it was (Discord's PATCH semantics), so it is still in progress if that text was.
 */
function toWrite(call: RestCall, seq: number, calls: RestCall[]): (BotWrite & { buttons: boolean }) | undefined {
  const post = call.method === "POST" ? POST.exec(call.path) : null;
  const changed = call.method === "PATCH" || call.method === "DELETE" ? EDIT_OR_DELETE.exec(call.path) : null;
  if (!post && !changed) return undefined;
  const kind = post ? "post" : call.method === "PATCH" ? "edit" : "delete";
  const channel = (post?.[1] ?? changed?.[1]) as string;
  const messageId = post ? String((call.response as { id?: unknown } | undefined)?.id ?? "") : (changed?.[2] as string);
  const accepted = call.status < 300;
  if (kind === "delete") return { kind, messageId, place: channel, visible: "", finalAnswer: false, inProgress: false, pings: [], limitProblems: [], accepted, seq, buttons: false };
  const visible = visibleText(call);
  return {
    kind,
    messageId,
    place: channel,
    visible,
    finalAnswer: (call.body.embeds?.length ?? 0) > 0,
    inProgress: call.body.content === undefined && kind === "edit" ? wasInProgress(calls, seq, messageId) : (call.body.content ?? "").includes("Writing…"),
    pings: pingsOf(call.body),
    limitProblems: limitProblemsOf(call.body),
    accepted,
    seq,
    buttons: (call.body.components?.length ?? 0) > 0,
  };
}

function wasInProgress(calls: RestCall[], before: number, messageId: string): boolean {
  for (let seq = before - 1; seq >= 0; seq -= 1) {
    const write = toWrite(calls[seq] as RestCall, seq, calls);
    if (write && write.kind !== "delete" && write.messageId === messageId) return write.inProgress;
  }
  return false;
}

class DiscordPlatformHarness implements PlatformHarness {
  constructor(readonly harness: Harness) {}

  get engine() {
    return this.harness.engine;
  }

  async mention(question: string): Promise<Asked> {
    return this.#send(ids.text, `<@${ids.bot}> ${question}`);
  }

  async dm(question: string): Promise<Asked> {
    return this.#send(ids.dm, question);
  }

  async followUp(asked: Asked, question: string): Promise<Asked> {
    if (asked.detail.channel === ids.dm) return this.#send(ids.dm, question);
    // In a channel, a reply to the bot's answer continues its conversation.
    const answer = this.writes(asked).find((write) => write.kind === "post" && write.accepted);
    if (!answer) throw new Error("no answer to follow up on yet");
    return this.#send(ids.text, question, answer.messageId);
  }

  writes(asked: Asked): BotWrite[] {
    return this.#writes(asked);
  }

  async waitForWrite(asked: Asked, matches: (write: BotWrite) => boolean): Promise<BotWrite> {
    const { calls } = this.harness.fake;
    const call = await this.harness.fake.waitForCall((candidate) => {
      const seq = calls.indexOf(candidate);
      const write = seq >= asked.fromSeq ? toWrite(candidate, seq, calls) : undefined;
      return write !== undefined && this.#about(asked, write) && matches(write);
    });
    return toWrite(call, calls.indexOf(call), calls) as BotWrite;
  }

  async settled(asked: Asked): Promise<void> {
    // An answer's last message carries its buttons; a notice or an apology is one plain message.
    await this.waitForWrite(asked, (write) => write.kind !== "delete" && ((write as BotWrite & { buttons: boolean }).buttons || (!write.finalAnswer && !write.inProgress)));
  }

  refuseFinalEdits(): void {
    this.harness.fake.failWhile((call) => call.method === "PATCH" && EDIT_OR_DELETE.test(call.path) && (call.body.embeds?.length ?? 0) > 0, 403, { code: 50001, message: "Missing Access" });
  }

  stop(): Promise<void> {
    return this.harness.stop();
  }

  #writes(asked: Asked): Array<BotWrite & { buttons: boolean }> {
    return this.harness.fake.calls.flatMap((call, seq) => {
      const write = seq >= asked.fromSeq ? toWrite(call, seq, this.harness.fake.calls) : undefined;
      return write && this.#about(asked, write) ? [write] : [];
    });
  }

  /** Posts where the answer belongs; edits and deletions of those posts. */
  #about(asked: Asked, write: BotWrite): boolean {
    if (write.kind === "post") return write.place === asked.answerPlace;
    return this.harness.fake.calls.some((call, seq) => seq >= asked.fromSeq && toWrite(call, seq, this.harness.fake.calls)?.kind === "post" && toWrite(call, seq, this.harness.fake.calls)?.messageId === write.messageId);
  }

  async #send(channel: string, content: string, replyTo?: string): Promise<Asked> {
    const fromSeq = this.harness.fake.calls.length;
    const messageId = this.harness.fake.userMessage({ channel, content, ...(replyTo ? { replyTo } : {}) });
    return { answerPlace: channel, fromSeq, detail: { channel, messageId } };
  }
}

export const discordPlatform: ChatPlatform = {
  name: "Discord",
  answersInOneMessage: false,
  async start(options: PlatformOptions = {}) {
    return new DiscordPlatformHarness(await startBot({ engine: options.engine, env: { RATE_LIMIT_PER_MINUTE: "10000", ...options.env } }));
  },
  format(reply, options) {
    return toDiscordMessages(reply, options as FormatOptions).map((message) => {
      const body: SentBody = { content: message.content, embeds: message.embeds, components: message.components };
      return { pings: discordMentionTokens(body), limitProblems: limitProblemsOf(body) };
    });
  },
  formatOptions: fc.record({ showQuestion: fc.boolean() }, { requiredKeys: [] }),
};
