import type { APIActionRowComponent, APIAllowedMentions, APIButtonComponentWithCustomId, APIEmbed } from "discord.js";

/** The fake server's fixed world: one guild with two text channels and a thread, one human, one other bot. */
export const FAKE_TOKEN = "fake.bot.token";
export const ids = {
  app: "100000000000000001",
  /** Same as the application id, as for every application created since 2019. */
  bot: "100000000000000001",
  guild: "200000000000000001",
  /** A second server, on shard 1 of 2 (`(id >> 22) % 2`), where the first is on shard 0. */
  otherGuild: "200000000004194305",
  text: "300000000000000001",
  thread: "300000000000000002",
  dm: "300000000000000003",
  otherText: "300000000000000004",
  /** The text channel of `otherGuild`. */
  otherGuildText: "300000000000000005",
  human: "400000000000000001",
  otherHuman: "400000000000000002",
  otherBot: "400000000000000009",
} as const;

export interface FakeUser {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: null;
  bot: boolean;
}

export const users = {
  bot: { id: ids.bot, username: "citebot", discriminator: "0", global_name: null, avatar: null, bot: true },
  human: { id: ids.human, username: "human", discriminator: "0", global_name: "Human", avatar: null, bot: false },
  otherHuman: { id: ids.otherHuman, username: "colleague", discriminator: "0", global_name: "Colleague", avatar: null, bot: false },
  otherBot: { id: ids.otherBot, username: "otherbot", discriminator: "0", global_name: null, avatar: null, bot: true },
} satisfies Record<string, FakeUser>;

/** The JSON bodies the bot sends that tests read; everything else stays in `json`. */
export interface SentBody {
  content?: string;
  embeds?: APIEmbed[];
  components?: Array<APIActionRowComponent<APIButtonComponentWithCustomId>>;
  allowed_mentions?: APIAllowedMentions;
  message_reference?: { message_id?: string };
  flags?: number;
  name?: string;
}

export type JsonObject = Record<string, unknown>;

let snowflake = 500_000_000_000_000_000n;
export function nextId(): string {
  snowflake += 1n;
  return String(snowflake);
}

export const now = () => new Date().toISOString();

export function memberOf(user: FakeUser): JsonObject {
  return { user, roles: [], joined_at: now(), deaf: false, mute: false, flags: 0 };
}

/** Every server the bot is in. */
export const GUILDS = [ids.guild, ids.otherGuild] as const;

/** The shard Discord routes a server's events to: `(guild_id >> 22) % shard_count`. */
export function shardOf(guildId: string, shardCount: number): number {
  // A malformed id (the fuzz tests send them) goes to shard 0, as a dispatch with no server does.
  if (!/^\d+$/.test(guildId)) return 0;
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

export function guildCreate(guildId: string = ids.guild): JsonObject {
  const textChannel = (id: string, name: string, position: number) => ({ id, type: 0, guild_id: guildId, name, position, permission_overwrites: [], parent_id: null, nsfw: false });
  const main = guildId === ids.guild;
  return {
    id: guildId,
    name: "Fake Guild",
    icon: null,
    owner_id: ids.human,
    unavailable: false,
    member_count: 3,
    large: false,
    joined_at: now(),
    roles: [{ id: guildId, name: "@everyone", permissions: "3072", position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
    emojis: [],
    stickers: [],
    features: [],
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    members: [memberOf(users.bot), memberOf(users.human)],
    channels: main ? [textChannel(ids.text, "general", 0), textChannel(ids.otherText, "random", 1)] : [textChannel(ids.otherGuildText, "general", 0)],
    threads: main ? [threadChannel(ids.thread, ids.text, "a-thread", ids.human)] : [],
  };
}

export function threadChannel(id: string, parentId: string, name: string, ownerId: string): JsonObject {
  return {
    id,
    type: 11,
    guild_id: ids.guild,
    parent_id: parentId,
    name,
    owner_id: ownerId,
    message_count: 1,
    member_count: 1,
    thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: now(), locked: false },
  };
}

export function isGuildChannel(channelId: string, threads: ReadonlySet<string>): boolean {
  return guildOf(channelId, threads) !== undefined;
}

/** The server a channel belongs to; undefined for a DM. */
export function guildOf(channelId: string, threads: ReadonlySet<string>): string | undefined {
  if (channelId === ids.otherGuildText) return ids.otherGuild;
  return channelId === ids.text || channelId === ids.otherText || threads.has(channelId) ? ids.guild : undefined;
}

/** A message object as Discord sends it in MESSAGE_CREATE and REST answers. */
export function messageObject(channelId: string, author: FakeUser, content: string, extra: JsonObject = {}): JsonObject {
  return {
    id: nextId(),
    channel_id: channelId,
    author,
    content,
    timestamp: now(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    components: [],
    pinned: false,
    type: 0,
    flags: 0,
    ...extra,
  };
}

/**
 * Who a sent message would notify, by Discord's rules: only `content` pings (never embeds), and
 * `allowed_mentions`, when present, limits which parsed mentions notify.
 */
export function wouldPing(body: SentBody, repliedToUserId?: string): string[] {
  const content = body.content ?? "";
  const allowed = body.allowed_mentions;
  const parse = new Set(allowed ? (allowed.parse ?? []) : ["everyone", "users", "roles"]);
  const pings: string[] = [];
  for (const match of content.matchAll(/@(everyone|here)\b/g)) if (parse.has("everyone")) pings.push(`@${match[1]}`);
  for (const match of content.matchAll(/<@!?(\d+)>/g)) {
    if (parse.has("users") || allowed?.users?.includes(match[1] ?? "")) pings.push(`user:${match[1]}`);
  }
  for (const match of content.matchAll(/<@&(\d+)>/g)) {
    if (parse.has("roles") || allowed?.roles?.includes(match[1] ?? "")) pings.push(`role:${match[1]}`);
  }
  if (body.message_reference && repliedToUserId && (allowed ? allowed.replied_user === true : true)) pings.push(`reply:${repliedToUserId}`);
  return pings;
}

/** Checks a message body against Discord's limits; the error Discord would answer with, or undefined. */
export function invalidFormBody(body: SentBody): JsonObject | undefined {
  const problems: string[] = [];
  const embeds = body.embeds ?? [];
  if ((body.content ?? "").length > 2000) problems.push("content: Must be 2000 or fewer in length.");
  if (embeds.length > 10) problems.push("embeds: Must be 10 or fewer in length.");
  let total = 0;
  for (const [index, embed] of embeds.entries()) {
    const fields = embed.fields ?? [];
    if ((embed.description ?? "").length > 4096) problems.push(`embeds.${index}.description: Must be 4096 or fewer in length.`);
    if ((embed.title ?? "").length > 256) problems.push(`embeds.${index}.title: Must be 256 or fewer in length.`);
    if ((embed.author?.name ?? "").length > 256) problems.push(`embeds.${index}.author.name: Must be 256 or fewer in length.`);
    if ((embed.footer?.text ?? "").length > 2048) problems.push(`embeds.${index}.footer.text: Must be 2048 or fewer in length.`);
    if (fields.length > 25) problems.push(`embeds.${index}.fields: Must be 25 or fewer in length.`);
    for (const field of fields) {
      if (field.name.length > 256 || field.name.length === 0) problems.push(`embeds.${index}.fields.name: Must be between 1 and 256 in length.`);
      if (field.value.length > 1024 || field.value.length === 0) problems.push(`embeds.${index}.fields.value: Must be between 1 and 1024 in length.`);
    }
    total += (embed.title ?? "").length + (embed.description ?? "").length + (embed.author?.name ?? "").length + (embed.footer?.text ?? "").length;
    total += fields.reduce((sum, field) => sum + field.name.length + field.value.length, 0);
  }
  if (total > 6000) problems.push("embeds: Embed size exceeds maximum size of 6000");
  for (const row of body.components ?? []) {
    for (const component of row.components) {
      if (component.custom_id.length > 100) problems.push("components: custom_id must be 100 or fewer in length.");
    }
  }
  if (problems.length === 0) return undefined;
  return { code: 50035, message: "Invalid Form Body", errors: problems };
}
