// Discord's hard limits, from https://discord.com/developers/docs/resources/message#create-message-jsonform-params
// and https://discord.com/developers/docs/resources/message#embed-object-embed-limits. Over any of them,
// Discord rejects the whole message with 50035 Invalid Form Body, so the formatter enforces them all.

/** Message `content`. */
export const DISCORD_CONTENT_MAX = 2_000;
/** Embeds per message. */
export const DISCORD_EMBEDS_PER_MESSAGE_MAX = 10;
/** Embed title. */
export const DISCORD_EMBED_TITLE_MAX = 256;
/** Embed description. */
export const DISCORD_EMBED_DESCRIPTION_MAX = 4_096;
/** Fields per embed. */
export const DISCORD_EMBED_FIELDS_MAX = 25;
/** Embed field name. */
export const DISCORD_EMBED_FIELD_NAME_MAX = 256;
/** Embed field value. */
export const DISCORD_EMBED_FIELD_VALUE_MAX = 1_024;
/** Embed author name. */
export const DISCORD_EMBED_AUTHOR_MAX = 256;
/** Embed footer text. */
export const DISCORD_EMBED_FOOTER_MAX = 2_048;
/** Title + description + field names/values + footer + author name, summed over every embed of one message. */
export const DISCORD_EMBEDS_TOTAL_MAX = 6_000;

/** Component `custom_id` (https://discord.com/developers/docs/components/reference#button). */
export const DISCORD_CUSTOM_ID_MAX = 100;

/** Thread name (https://discord.com/developers/docs/resources/channel#start-thread-from-message). */
export const DISCORD_THREAD_NAME_MAX = 100;
/** String option value of a slash command (https://discord.com/developers/docs/interactions/application-commands). */
export const DISCORD_STRING_OPTION_MAX = 6_000;

/** A typing indicator lasts about 10 s (https://discord.com/developers/docs/resources/channel#trigger-typing-indicator); renew before it lapses. */
export const DISCORD_TYPING_RENEW_MS = 8_000;
