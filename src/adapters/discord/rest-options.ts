import type { RESTOptions } from "discord.js";

/**
 * discord.js options for DISCORD_API_URL. discord.js appends `/v10` itself, so a trailing slash or
 * version that people copy from Discord's docs (`…/api/v10/`) is dropped rather than doubled.
 */
export function restOptions(apiUrl: string | undefined): Partial<RESTOptions> {
  if (!apiUrl) return {};
  return { api: apiUrl.replace(/\/+$/, "").replace(/\/v\d+$/, "") };
}
