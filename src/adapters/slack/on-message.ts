import type { App, webApi } from "@slack/bolt";
import { LRUCache } from "lru-cache";
import { claimEvent } from "../../chat/claim-event.js";
import type { IncomingMessage } from "../../chat/incoming-message.js";
import { ABANDONED, RESTARTING } from "../../chat/restart-notices.js";
import { deliveryBudget } from "../../chat/retry.js";
import type { Reply } from "../../chat/reply.js";
import type { Logger } from "../../logger.js";
import { bestEffort } from "./best-effort.js";
import { textMessage } from "./blocks.js";
import { deliverReply } from "./send.js";
import type { SlackListenerContext } from "./listener-context.js";
import { type Route, type RoutingSettings, type Target, routeMention, routeMessage } from "./routing.js";
import { slackTextToPlain } from "./incoming-text.js";
import { AppMentionEvent, MessageEvent, parsePayload } from "./payloads.js";
import { type SlackThread, answerInThread } from "./stream-reply.js";
import { type BotIdentity, createThreadCheck } from "./thread-check.js";

const WORKING_REACTION = "eyes";
const GROUP_DMS_REMEMBERED = 2_000;

/** @mentions in channels, DMs, and follow-ups in threads the bot has answered. */
export function registerMessageListeners(app: App, shared: SlackListenerContext): void {
  const log = shared.logger;
  // A mention in a group DM arrives twice, as app_mention and as message.mpim; only the second says it is a group
  // DM. Once one has been seen there, its mentions are left to the DM route (the event claim stops a second answer anyway).
  const groupDms = new LRUCache<string, true>({ max: GROUP_DMS_REMEMBERED });
  const botInThread = createThreadCheck(log);

  const settings = (identity: BotIdentity): RoutingSettings => ({
    allowDms: shared.settings.allowDms,
    threadFollowups: shared.settings.threadFollowups,
    allowedChannels: shared.settings.allowedChannels,
    botUserId: identity.botUserId,
    botId: identity.botId,
    isActiveThread: shared.conversation.knowsThread,
    isGroupDm: (channel) => groupDms.has(channel),
  });

  async function follow(route: Route, event: { ts: string; text: string }, client: webApi.WebClient, identity: BotIdentity): Promise<void> {
    if (route.action === "ignore") {
      log.debug({ reason: route.reason, ts: event.ts }, "slack message ignored");
      return;
    }
    // Slack redelivers an event it thinks was not acked, a group DM mention comes as two events, and replicas behind
    // a load balancer each get their share: one message is answered once, by whichever process claims it first.
    if (!(await claimEvent(shared.events, `slack:message:${route.target.channel}:${event.ts}`, log))) {
      log.debug({ ts: event.ts }, "slack message ignored: already handled");
      return;
    }
    if (route.action === "check_thread" && route.target.channel === shared.expertChannelId) {
      log.debug({ reason: "a reply under an expert post", ts: event.ts }, "slack message ignored");
      return;
    }
    if (route.action === "check_thread" && !(await shared.conversation.isActiveThread(route.target.threadKey)) && !(await botInThread(client, route.target.channel, route.threadTs, identity))) {
      log.debug({ reason: "thread the bot has not answered in", ts: event.ts }, "slack message ignored");
      return;
    }
    if (route.action === "refuse") {
      await refuse(client, route.target, route.reason, shared, log);
      return;
    }
    if (shared.drain.draining) {
      log.info({ ts: event.ts }, "told the asker the bot is restarting");
      await notify(client, route.target, RESTARTING, shared, log);
      return;
    }
    const question: IncomingMessage = {
      platform: "slack",
      userId: route.target.userId,
      channelId: route.target.channel,
      threadKey: route.target.threadKey,
      text: slackTextToPlain(event.text, identity.botUserId),
      isDirect: route.target.isDirect,
    };
    // Recorded as Bolt acknowledges the event (Bolt acks events before their listeners run): a process killed after
    // this line leaves a job that another process (or this one restarted) answers in the thread.
    const delivered = await shared.jobs.accept(`slack:message:${route.target.channel}:${event.ts}`, {
      message: question,
      target: { kind: "slack_message", channelId: route.target.channel, ...(route.target.replyThreadTs ? { threadTs: route.target.replyThreadTs } : {}) },
      receivedAt: Date.now(),
    });
    await shared.drain.track(
      answer(client, route.target, event, question, shared).then(delivered),
      () => notify(client, route.target, ABANDONED, shared, log),
    );
  }

  app.event("app_mention", async ({ event, client, context }) => {
    const mention = parsePayload(AppMentionEvent, event, "app_mention event", log);
    if (!mention) return;
    await follow(routeMention(mention, settings(context)), mention, client, context);
  });

  app.message(async ({ message, client, context }) => {
    const parsed = parsePayload(MessageEvent, message, "message event", log);
    if (!parsed) return;
    if (parsed.channel_type === "mpim") groupDms.set(parsed.channel, true);
    await follow(routeMessage(parsed, settings(context)), parsed, client, context);
  });
}

async function answer(client: webApi.WebClient, target: Target, event: { ts: string }, question: IncomingMessage, shared: SlackListenerContext): Promise<void> {
  const log = shared.logger.child({ channel: target.channel, ts: event.ts });
  const reaction = { channel: target.channel, timestamp: event.ts, name: WORKING_REACTION };
  const reacted = await bestEffort(() => client.reactions.add(reaction), log, "could not add the working reaction");
  try {
    await answerInThread(
      threadOf(client, target),
      (options) => shared.conversation.handle(question, options),
      log,
      shared.settings.deliveryRetryMs,
    );
  } finally {
    if (reacted) await bestEffort(() => client.reactions.remove(reaction), log, "could not remove the working reaction");
  }
}

function threadOf(client: webApi.WebClient, target: Target): SlackThread {
  return {
    post: (message) => client.chat.postMessage({ channel: target.channel, thread_ts: target.replyThreadTs, ...message, unfurl_links: false, unfurl_media: false }),
    update: (ts, message) => client.chat.update({ channel: target.channel, ts, ...message }),
    remove: (ts) => client.chat.delete({ channel: target.channel, ts }),
  };
}

/** A notice where the answer would have gone (the "restarting" ones), within the drain's own time limit. */
async function notify(client: webApi.WebClient, target: Target, reply: Reply, shared: SlackListenerContext, log: Logger): Promise<void> {
  await deliverReply((message) => threadOf(client, target).post(message), reply, {}, log, deliveryBudget(Math.min(shared.settings.deliveryRetryMs, 5_000)));
}

async function refuse(client: webApi.WebClient, target: Target, reason: "dms_off" | "channel_not_allowed", shared: SlackListenerContext, log: Logger): Promise<void> {
  const channels = shared.settings.allowedChannels.filter((id) => /^[CG][A-Z0-9]+$/.test(id)).map((id) => `<#${id}>`).join(", ");
  const text =
    reason === "dms_off"
      ? `I don't answer direct messages here. Mention me in a channel, or use \`${shared.settings.command}\`.`
      : `I only answer in ${channels || "some channels"}. Ask me there${shared.settings.allowDms ? ", or in a direct message" : ""}.`;
  const message = textMessage(text);
  await bestEffort(
    () =>
      reason === "dms_off"
        ? client.chat.postMessage({ channel: target.channel, thread_ts: target.replyThreadTs, ...message })
        : client.chat.postEphemeral({ channel: target.channel, user: target.userId, thread_ts: target.replyThreadTs, ...message }),
    log,
    "could not tell the user why their message was not answered",
  );
}
