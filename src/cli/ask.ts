import { parseArgs } from "node:util";
import { z } from "zod";
import { cliLogger, configOrExit, reportFatal, startEngine } from "./boot.js";
import { formatAnswerForTerminal } from "./format-answer.js";

const AskFlags = z.object({
  json: z.boolean().default(false),
  questions: z.array(z.string()).min(1, { message: 'give at least one question, e.g. npm run ask -- "is Django scalable?"' }),
});

const USAGE = 'usage: npm run ask -- [--json] "question" ["question" …]';

/**
 * `npm run ask`: answers each question. With --json, stdout carries exactly one Answer JSON line per
 * question and nothing else (logs and progress go to stderr).
 */
export async function runAsk(argv: string[]): Promise<number> {
  let flags: z.infer<typeof AskFlags>;
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { json: { type: "boolean" } }, allowPositionals: true, strict: true });
    flags = AskFlags.parse({ json: values.json, questions: positionals });
  } catch (error) {
    const detail = error instanceof z.ZodError ? (error.issues[0]?.message ?? "") : (error as Error).message;
    process.stderr.write(`${detail}\n${USAGE}\n`);
    return 2;
  }
  const config = configOrExit();
  const logger = cliLogger(config, { quiet: true });
  try {
    const engine = await startEngine(config, logger);
    for (const question of flags.questions) {
      const answer = await engine.answer(question);
      process.stdout.write(flags.json ? `${JSON.stringify(answer)}\n` : `${formatAnswerForTerminal(answer)}\n\n`);
    }
    return 0;
  } catch (error) {
    return reportFatal(error, logger);
  }
}
