import { webApi } from "@slack/bolt";
import { REST } from "discord.js";
import { postDiscordAdminMessageOverRest } from "../adapters/discord/admin-post.js";
import { restOptions } from "../adapters/discord/rest-options.js";
import { postSlackAdminMessage } from "../adapters/slack/admin-post.js";
import { slackClientOptions } from "../adapters/slack/connect.js";
import { adminOptions } from "../app.js";
import type { Config } from "../config.js";
import { asCitebotError } from "../errors.js";
import type { Logger } from "../logger.js";
import { staleAlertMessage } from "../knowledge/stale/describe-stale.js";
import type { StaleReport } from "../knowledge/stale/stale-report.js";

/**
 * STALE_ALERTS_TO_ADMIN: the stale-answer alert posted to ADMIN_CHANNEL on each platform with a token, when answers
 * cite changed sections or a 👍 replay differs. Returns the lines `npm run ingest` prints; never throws.
 */
export async function postStaleAlert(config: Config, report: StaleReport, logger: Logger): Promise<string[]> {
  const admin = adminOptions(config);
  const message = admin.staleAlerts ? staleAlertMessage(report) : undefined;
  if (!message) return [];
  const posts: Array<[string, () => Promise<void>]> = [];
  const { slack, discord } = admin.channels;
  if (slack && config.SLACK_BOT_TOKEN) {
    const client = new webApi.WebClient(config.SLACK_BOT_TOKEN, slackClientOptions(config.SLACK_API_URL, logger));
    posts.push([`Slack ${slack}`, () => postSlackAdminMessage(client, slack, message)]);
  }
  if (discord && config.DISCORD_TOKEN) {
    const rest = new REST(restOptions(config.DISCORD_API_URL)).setToken(config.DISCORD_TOKEN);
    posts.push([`Discord ${discord}`, () => postDiscordAdminMessageOverRest(rest, discord, message)]);
  }
  return Promise.all(
    posts.map(async ([where, post]) => {
      try {
        await post();
        return `Stale-answer alert posted to ADMIN_CHANNEL (${where}).`;
      } catch (error) {
        logger.warn({ err: asCitebotError(error) }, "could not post the stale-answer alert");
        return `Stale-answer alert not posted to ADMIN_CHANNEL (${where}): ${asCitebotError(error).message}`;
      }
    }),
  );
}
