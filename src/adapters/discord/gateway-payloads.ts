import { z } from "zod";
import { Snowflake } from "./payloads.js";

// Gateway dispatches as Discord documents them (https://discord.com/developers/docs/events/gateway-events), checked
// before discord.js reads them: discord.js dereferences several fields without a guard, so an `embeds: null` or an
// `author: "x"` used to throw inside its gateway handling. Loose objects: discord.js reads more than is listed, and
// only fields it (or citebot) relies on are checked.

const User = z.looseObject({ id: Snowflake, username: z.string(), bot: z.boolean().optional() });
const Member = z.looseObject({ user: User.optional(), roles: z.array(Snowflake).optional() });
const AnyObject = z.looseObject({});
const Objects = z.array(AnyObject);

const MessageFields = {
  id: Snowflake,
  channel_id: Snowflake,
  guild_id: Snowflake.optional(),
  author: User,
  content: z.string(),
  timestamp: z.string().optional(),
  type: z.number().int().nonnegative().optional(),
  flags: z.number().int().optional(),
  webhook_id: Snowflake.optional(),
  member: Member.optional(),
  mentions: z.array(User),
  mention_roles: z.array(Snowflake).optional(),
  mention_everyone: z.boolean().optional(),
  mention_channels: Objects.optional(),
  attachments: Objects.nullable().optional(),
  embeds: Objects.optional(),
  components: Objects.optional(),
  sticker_items: Objects.optional(),
  reactions: Objects.optional(),
  message_reference: z.looseObject({ message_id: Snowflake.optional(), channel_id: Snowflake.optional(), guild_id: Snowflake.optional() }).optional(),
  thread: z.looseObject({ id: Snowflake }).optional(),
  interaction: z.looseObject({ id: Snowflake, user: User }).optional(),
  interaction_metadata: AnyObject.optional(),
  poll: AnyObject.optional(),
  message_snapshots: Objects.optional(),
  call: AnyObject.optional(),
  role_subscription_data: AnyObject.optional(),
};

/** A message as discord.js builds it: the dispatch itself, or the message a reply or a button click carries. */
const GatewayMessage = z.looseObject(MessageFields);

export const MessageCreateDispatch = z.looseObject({ ...MessageFields, referenced_message: GatewayMessage.nullable().optional() });

/** INTERACTION_CREATE: `data` is required for every type but PING; a button click also carries its message. */
export const InteractionCreateDispatch = z
  .looseObject({
    id: Snowflake,
    application_id: Snowflake,
    type: z.number().int().min(1).max(5),
    token: z.string().min(1),
    version: z.number().int().optional(),
    channel_id: Snowflake.optional(),
    channel: z.looseObject({ id: Snowflake, type: z.number().int() }).optional(),
    guild_id: Snowflake.optional(),
    member: Member.optional(),
    user: User.optional(),
    data: AnyObject.optional(),
    message: GatewayMessage.optional(),
  })
  .superRefine((interaction, context) => {
    if (interaction.type === 1) return;
    if (!interaction.data) context.addIssue({ code: "custom", path: ["data"], message: "missing; every interaction but a ping has data" });
    if (!interaction.user && !interaction.member?.user) context.addIssue({ code: "custom", path: ["user"], message: "missing, and no member.user either" });
    const data = interaction.data ?? {};
    if (interaction.type === 2 && (typeof data.name !== "string" || typeof data.type !== "number")) {
      context.addIssue({ code: "custom", path: ["data"], message: "an application command needs a name and a type" });
    }
    if (interaction.type === 3) {
      if (typeof data.custom_id !== "string" || typeof data.component_type !== "number") {
        context.addIssue({ code: "custom", path: ["data"], message: "a component interaction needs a custom_id and a component_type" });
      }
      if (!interaction.message) context.addIssue({ code: "custom", path: ["message"], message: "missing; a component interaction carries the message it is on" });
    }
  });

/** Dispatches checked field by field; any other dispatch only needs an object for its data. */
const CHECKED: Record<string, z.ZodType> = {
  MESSAGE_CREATE: MessageCreateDispatch,
  INTERACTION_CREATE: InteractionCreateDispatch,
};

export interface DispatchPacket {
  t: string;
  s?: number | null;
  d: unknown;
}

/** Why a gateway dispatch cannot be handed to discord.js, or undefined when it can. */
export function dispatchProblem(packet: unknown): string | undefined {
  if (typeof packet !== "object" || packet === null) return "the packet is not an object";
  const { t, d } = packet as Partial<DispatchPacket>;
  if (typeof t !== "string") return "t: not a dispatch name";
  if (typeof d !== "object" || d === null || Array.isArray(d)) return "d: must be an object";
  const schema = CHECKED[t];
  if (!schema) return undefined;
  const result = schema.safeParse(d);
  return result.success ? undefined : result.error.issues.map((issue) => `${issue.path.join(".") || "(payload)"}: ${issue.message}`).join("; ");
}
