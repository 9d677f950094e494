import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "../chat/incoming-message.js";
import type { KnowledgeHooks } from "../chat/knowledge-hooks.js";
import type { Answer, Engine } from "../engine/answer.js";
import { configOrExit, ExitCode, reportFatal } from "./exit.js";
import { parseFlags } from "./flags.js";
import { formatAnswerForTerminal } from "./format-answer.js";

const HELP = {
  name: "ask",
  text: `Usage: npm run ask -- [--json] "question" ["question" …]

Answers each question from the indexed documents, with its sources, then exits. Builds the index first if
there is none yet.

  --json      one Answer JSON object per question on stdout and nothing else (logs go to stderr)
  -h, --help  this text

Example: npm run ask -- "Is Django a good fit for a high-traffic site?"`,
};

/**
 * `npm run ask`: answers each question. With --json, stdout carries exactly one Answer JSON line per
 * question and nothing else (logs and progress go to stderr).
 */
export async function runAsk(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, { json: { type: "boolean" } }, HELP, { positionals: true });
  if (!flags.ok) return flags.exitCode;
  if (flags.positionals.length === 0) {
    process.stderr.write(`npm run ask: give at least one question, e.g. npm run ask -- "is Django scalable?"\n\n${HELP.text}\n`);
    return ExitCode.SettingsInvalid;
  }
  const config = configOrExit();
  // Loaded only now, so --help and a bad flag answer at once.
  const { createAppLogger, openTerminalKnowledge, startEngine } = await import("../app.js");
  const logger = createAppLogger(config, { quiet: true });
  try {
    // One asker, answering then exiting: this thread answers (no workers to start) and no reload is watched for.
    const engine = await startEngine(config, logger, { workers: 0, reload: false });
    const knowledge = await openTerminalKnowledge(config, logger);
    try {
      for (const question of flags.positionals) {
        const answer = await answerAndRecord(engine, knowledge.hooks, question);
        process.stdout.write(flags.values.json ? `${JSON.stringify(answer)}\n` : `${formatAnswerForTerminal(answer)}\n\n`);
      }
    } finally {
      await knowledge.close();
      await engine.close();
    }
    return ExitCode.Ok;
  } catch (error) {
    return reportFatal(error, logger);
  }
}

/** One question as `npm run ask` puts it: from the terminal's document set, logged as platform `cli`. */
export async function answerAndRecord(engine: Engine, knowledge: KnowledgeHooks, question: string): Promise<Answer> {
  const message: IncomingMessage = { platform: "cli", userId: "local", channelId: "ask", threadKey: "ask", text: question, isDirect: true };
  const startedAt = Date.now();
  const documents = knowledge.documentsFor?.(message);
  const answer = await engine.answer(question, documents?.allowSource ? { allowSource: documents.allowSource } : {});
  knowledge.answered?.({ message, question, answer, answerId: randomBytes(6).toString("base64url"), latencyMs: Date.now() - startedAt, ...(documents ? { documentSet: documents.name } : {}) });
  return answer;
}
