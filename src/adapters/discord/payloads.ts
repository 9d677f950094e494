import { z } from "zod";
import { DISCORD_CUSTOM_ID_MAX } from "./limits.js";

/** Discord ids are 64-bit integers sent as decimal strings. */
export const Snowflake = z.string().regex(/^\d{1,25}$/, { message: "must be a Discord snowflake id" });

/** The facts of a gateway MESSAGE_CREATE that routing depends on, read off discord.js's `Message`. */
export const IncomingDiscordMessage = z.object({
  id: Snowflake,
  channelId: Snowflake,
  guildId: Snowflake.nullable(),
  /** `dm` for direct messages, `thread` for any thread or forum post, `channel` for the rest. */
  channelKind: z.enum(["dm", "thread", "channel"]),
  /** The thread's parent channel, for the channel allow-list. */
  parentId: Snowflake.nullable(),
  authorId: Snowflake,
  authorIsBot: z.boolean(),
  /** Set on webhook and system messages, which no person typed. */
  webhookId: Snowflake.nullable(),
  system: z.boolean(),
  content: z.string(),
  /** True for an explicit `<@bot>`, not for the implicit mention of replying to the bot. */
  mentionsBot: z.boolean(),
  referencedMessageId: Snowflake.nullable(),
  /** Who wrote the message this one replies to (Discord sends it along), so a reply to the bot is known without memory. */
  referencedAuthorId: Snowflake.nullable(),
  /** Who started the thread the message is in; null outside threads. */
  threadOwnerId: Snowflake.nullable(),
});
export type IncomingDiscordMessage = z.infer<typeof IncomingDiscordMessage>;

/** One `/ask` invocation (see commands.ts), read off discord.js's `ChatInputCommandInteraction`. */
export const AskCommand = z.object({
  interactionId: Snowflake,
  userId: Snowflake,
  channelId: Snowflake,
  /** Null in a DM with the bot. */
  guildId: Snowflake.nullable(),
  /** The thread's parent channel, for the channel allow-list. */
  parentId: Snowflake.nullable(),
  /** Missing only if Discord's copy of the command is stale; the conversation then asks for a question. */
  question: z.string().nullable().transform((value) => value ?? ""),
  private: z.boolean().nullable().transform((value) => value ?? false),
});
export type AskCommand = z.infer<typeof AskCommand>;

export const FeedbackVerdict = z.enum(["up", "down"]);
export type FeedbackVerdict = z.infer<typeof FeedbackVerdict>;

export const FEEDBACK_CUSTOM_ID_PREFIX = "citebot:feedback";

/** `citebot:feedback:<up|down>:<answerId>` on the 👍/👎 buttons. */
export const FeedbackCustomId = z
  .string()
  .max(DISCORD_CUSTOM_ID_MAX)
  .transform((value, context) => {
    const match = /^citebot:feedback:(up|down):(.+)$/.exec(value);
    const verdict = FeedbackVerdict.safeParse(match?.[1]);
    if (!match?.[2] || !verdict.success) {
      context.addIssue({ code: "custom", message: "not a citebot feedback button" });
      return z.NEVER;
    }
    return { verdict: verdict.data, answerId: match[2] };
  });

/** `GET /applications/@me`: who the token belongs to and which privileged intents it was granted. */
export const ApplicationInfo = z.object({
  id: Snowflake,
  name: z.string().optional(),
  flags: z.number().int().nonnegative().default(0),
});
export type ApplicationInfo = z.infer<typeof ApplicationInfo>;

/** What `PUT …/commands` answers with; only what the registration report prints. */
export const RegisteredCommands = z.array(
  z.object({
    id: Snowflake,
    name: z.string(),
    description: z.string().optional(),
    guild_id: Snowflake.optional(),
    options: z.array(z.object({ name: z.string(), type: z.number(), required: z.boolean().optional() })).optional(),
  }),
);
export type RegisteredCommands = z.infer<typeof RegisteredCommands>;
