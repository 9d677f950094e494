import { z } from "zod";

export const Platform = z.enum(["slack", "discord", "cli"]);
export type Platform = z.infer<typeof Platform>;

/**
 * The message an answer or a job answers: the same fields as chat's IncomingMessage (the store cannot import chat,
 * which will import the store), so a recalled context is an IncomingMessage.
 */
export const AnswerContext = z.object({
  platform: Platform,
  userId: z.string(),
  channelId: z.string(),
  threadKey: z.string(),
  text: z.string(),
  botUserId: z.string().optional(),
  isDirect: z.boolean(),
});
export type AnswerContext = z.infer<typeof AnswerContext>;
