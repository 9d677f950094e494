import { REST, Routes } from "discord.js";
import type { Deliver } from "../../chat/jobs.js";
import { toDiscordMessages } from "./embeds.js";
import { restOptions } from "./rest-options.js";
/** NO_PINGS as Discord's API spells it (discord.js converts its own camelCase form only for its own calls). */
const NO_PINGS_RAW = { parse: [] };

/**
 * A taken-over `/ask`: the answer replaces the deferred reply (@original) through the interaction's webhook, which
 * needs no bot token and stays valid 15 minutes. Editing @original twice still shows one answer, so a repeat after a
 * crash cannot double it.
 */
export function interactionDeliverer(apiUrl: string | undefined): Deliver {
  const rest = new REST(restOptions(apiUrl));
  return async (target, reply) => {
    if (target.kind !== "discord_interaction") throw new Error(`interactionDeliverer cannot deliver to ${target.kind}`);
    const [first, ...more] = toDiscordMessages(reply, { showQuestion: true });
    if (!first) return;
    await rest.patch(Routes.webhookMessage(target.applicationId, target.interactionToken, "@original"), {
      body: { content: first.content, embeds: first.embeds, components: first.components, allowed_mentions: NO_PINGS_RAW },
      auth: false,
    });
    for (const message of more) {
      await rest.post(Routes.webhook(target.applicationId, target.interactionToken), {
        body: { content: message.content, embeds: message.embeds, components: message.components, allowed_mentions: NO_PINGS_RAW },
        auth: false,
      });
    }
  };
}
