import type { App, RespondArguments } from "@slack/bolt";
import type { IncomingMessage } from "../../chat/incoming-message.js";
import { ABANDONED, RESTARTING } from "../../chat/restart-notices.js";
import { deliveryBudget } from "../../chat/retry.js";
import { type SlackMessage, textMessage } from "./blocks.js";
import { deliverReply } from "./send.js";
import type { SlackListenerContext } from "./listener-context.js";
import { channelAllowed, isDirectChannel } from "./routing.js";
import { slackTextToPlain } from "./incoming-text.js";
import { SlashCommand, parsePayload } from "./payloads.js";

/** Marks the conversation of a `/ask`, so a later action knows the answer came from a command. */
export const SLASH_THREAD_MARK = ":slash:";

/** `/ask <question>`: acked at once, answered privately with a button to share the answer. */
export function registerSlashCommand(app: App, shared: SlackListenerContext): void {
  const name = shared.settings.command;
  app.command(name, async ({ ack, command, respond, context }) => {
    const log = shared.logger.child({ command: name });
    const ephemeral = (message: SlackMessage) => respond({ response_type: "ephemeral", ...message } satisfies RespondArguments);
    const parsed = parsePayload(SlashCommand, command, "slash command", log);
    // Slack names a DM's channel "directmessage" and a group DM's "mpdm-…" in slash commands.
    const isDirect = parsed !== undefined && (isDirectChannel(parsed.channel_id) || parsed.channel_name === "directmessage" || parsed.channel_name?.startsWith("mpdm-") === true);
    const question: IncomingMessage | undefined =
      parsed && parsed.text.trim() !== "" && !shared.drain.draining && (isDirect || channelAllowed(parsed.channel_id, { allowedChannels: shared.settings.allowedChannels }))
        ? {
            platform: "slack",
            userId: parsed.user_id,
            channelId: parsed.channel_id,
            // Each /ask stands alone: commands have no thread to carry context in.
            threadKey: `${parsed.channel_id}${SLASH_THREAD_MARK}${parsed.trigger_id}`,
            text: slackTextToPlain(parsed.text, context.botUserId),
            isDirect,
          }
        : undefined;
    // Recorded before the ack: once Slack hears "received", a crash cannot lose the question.
    const delivered =
      question && parsed
        ? await shared.jobs.accept(`slack:command:${parsed.trigger_id}`, { message: question, target: { kind: "slack_response_url", responseUrl: parsed.response_url, channelId: parsed.channel_id, replaceOriginal: false }, receivedAt: Date.now() })
        : async () => undefined;
    await ack();
    if (!parsed) {
      await ephemeral(textMessage("Sorry, I couldn't read that command. Please try again.")).catch((error: unknown) => log.warn({ err: error }, "could not answer a malformed command"));
      return;
    }
    if (shared.drain.draining) {
      await deliverReply(ephemeral, RESTARTING, {}, log, deliveryBudget(5_000));
      return;
    }
    const work = async () => {
      if (!isDirect && !channelAllowed(parsed.channel_id, { allowedChannels: shared.settings.allowedChannels })) {
        await deliverReply(ephemeral, { kind: "notice", reason: "not_allowed", text: "I'm not set up to answer in this channel. Please ask in one of the channels I serve." }, {}, log);
        return;
      }
      if (parsed.text.trim() === "") {
        await deliverReply(ephemeral, { kind: "notice", reason: "usage", text: usage(name) }, {}, log);
        return;
      }
      if (!question) return;
      const reply = await shared.conversation.handle(question);
      await deliverReply(ephemeral, reply, { postToChannel: reply.kind === "answer" }, log, deliveryBudget(shared.settings.deliveryRetryMs));
      await delivered();
    };
    await shared.drain.track(work(), () => deliverReply(ephemeral, ABANDONED, {}, log, deliveryBudget(5_000)));
  });
}

function usage(command: string): string {
  return [
    `Usage: \`${command} <question>\`, for example \`${command} Is Django a good fit for a high-traffic site?\``,
    `\`${command} help\` lists what the docs cover. Only you see my answer until you press **Post to channel**.`,
  ].join("\n");
}
