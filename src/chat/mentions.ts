/** Slack `<@U123>` / `<@U123|name>` and Discord `<@123>` / `<@!123>` user mentions. */
const USER_MENTION = /<@!?([A-Za-z0-9]+)(?:\|[^>]*)?>/g;

/** Removes the bot's own mention(s) so the engine sees only the question. */
export function stripBotMention(text: string, botUserId?: string): string {
  const stripped = text.replace(USER_MENTION, (whole, id: string) => (botUserId === undefined || id === botUserId ? " " : whole));
  return stripped.replace(/\s+/g, " ").trim();
}

export function mentionsUser(text: string, userId: string): boolean {
  for (const match of text.matchAll(USER_MENTION)) {
    if (match[1] === userId) return true;
  }
  return false;
}
