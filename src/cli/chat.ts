import readline from "node:readline";
import { type ConversationOptions, createConversation } from "../chat/conversation.js";
import type { Reply } from "../chat/reply.js";
import type { KnowledgeHooks } from "../chat/knowledge-hooks.js";
import type { Engine } from "../engine/answer.js";
import type { Logger } from "../logger.js";
import { configOrExit, ExitCode, reportFatal } from "./exit.js";
import { parseFlags } from "./flags.js";
import { formatAnswerForTerminal } from "./format-answer.js";

const HELP = {
  name: "chat",
  text: `Usage: npm run chat

A conversation with the indexed documents in this terminal: ask, then ask follow-ups ("and for Rails?").
Builds the index first if there is none yet. \`npm start\` opens the same chat when no Slack or Discord
token is set.

In the chat:  help   what the documents cover
              new    start a new conversation
              exit   leave (or Ctrl-D)

  -h, --help  this text

Example: npm run chat`,
};

const PROMPT = "\nyou › ";

/** `npm run chat`: the terminal chat on the engine the settings describe; returns the exit code. */
export async function runChatCommand(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, {}, HELP);
  if (!flags.ok) return flags.exitCode;
  const config = configOrExit();
  // Loaded only now, so --help and a bad flag answer at once.
  const { conversationOptions, createAppLogger, openTerminalKnowledge, startEngine } = await import("../app.js");
  const logger = createAppLogger(config, { quiet: true });
  try {
    const knowledge = await openTerminalKnowledge(config, logger);
    const engine = await startEngine(config, logger);
    try {
      await runChat(engine, conversationOptions(config), logger, process.stdin, process.stdout, knowledge.hooks);
    } finally {
      await knowledge.close();
      await engine.close();
    }
    return ExitCode.Ok;
  } catch (error) {
    return reportFatal(error, logger);
  }
}

/** The terminal chat: the same conversation layer as Slack and Discord, so follow-ups work here too. */
export async function runChat(
  engine: Engine,
  options: ConversationOptions,
  logger: Logger,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
  knowledge: KnowledgeHooks = {},
): Promise<void> {
  // One person at their own terminal: no rate limit.
  const conversation = createConversation({ engine, logger: logger.child({ component: "chat" }), knowledge }, { ...options, rateLimitPerMinute: Number.MAX_SAFE_INTEGER });
  const interactive = Boolean((input as NodeJS.ReadStream).isTTY);
  const lines = readline.createInterface({ input, output: interactive ? output : undefined, terminal: interactive, prompt: PROMPT });
  const write = (text: string) => output.write(`${text}\n`);
  write(`citebot: ask about ${engine.topics().length} documents (type "help" for the list, "exit" to leave).`);
  let session = 0;
  const prompt = () => {
    if (interactive) lines.prompt();
  };
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
