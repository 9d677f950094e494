import readline from "node:readline";
import { conversationLimits, createConversation } from "../chat/conversation.js";
import type { Reply } from "../chat/types.js";
import type { Config } from "../config.js";
import type { Engine } from "../engine/answer.js";
import type { Logger } from "../logger.js";
import { formatAnswerForTerminal } from "./format-answer.js";

/** The terminal chat: the same conversation layer as Slack and Discord, so follow-ups work here too. */
export async function runChat(engine: Engine, config: Config, logger: Logger, input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Promise<void> {
  // One person at their own terminal: no rate limit.
  const conversation = createConversation({ engine, logger: logger.child({ component: "chat" }), ...conversationLimits(config), rateLimitPerMinute: Number.MAX_SAFE_INTEGER });
  const interactive = Boolean((input as NodeJS.ReadStream).isTTY);
  const lines = readline.createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
  const write = (text: string) => output.write(`${text}\n`);
  write(`citebot: ask about ${engine.topics().length} documents (type "help" for the list, "exit" to leave).`);
  let session = 0;
  const prompt = () => interactive && lines.setPrompt("\nyou › ") !== undefined && lines.prompt();
  prompt();
  for await (const line of lines) {
    const text = line.trim();
    if (/^(exit|quit|\/exit|\/quit)$/i.test(text)) break;
    if (/^(\/new|new)$/i.test(text)) {
      session += 1;
      write("(new conversation)");
      prompt();
      continue;
    }
    const reply = await conversation.handle({ platform: "cli", userId: "local", channelId: "terminal", threadKey: `terminal:${session}`, text, isDirect: true });
    write(`\ncitebot › ${formatReply(reply)}`);
    prompt();
  }
  lines.close();
}

function formatReply(reply: Reply): string {
  switch (reply.kind) {
    case "answer":
      return formatAnswerForTerminal(reply.answer);
    case "notice":
    case "error":
      return reply.text;
  }
}
