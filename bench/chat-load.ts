import { EventEmitter, once } from "node:events";
import { createInterface } from "node:readline";
import { type FakeSlack, type ResponsePost, startFakeSlack } from "../test/fakes/slack.js";
import { commandForm, signedPost } from "../test/fakes/slack-requests.js";
import { spawnTs } from "./run-child.js";
import { type LatencySummary, summarise } from "./stats.js";

export interface ChatLoadResult {
  /** "as shipped", or the experiment this run tried. */
  variant: string;
  concurrent: number;
  /** Time from sending the signed command to Bolt's HTTP 200 (Slack's deadline: 3 s). */
  ack: LatencySummary;
  /** Time from sending the command to the answer arriving at its response_url. */
  answer: LatencySummary;
  answered: number;
  notices: number;
  errors: number;
  /** What went wrong, one line per failed command (empty when all succeeded). */
  errorDetails: string[];
  /** Lines at warn level or above the bot logged during the run. */
  botWarnings: number;
}

const SIGNING_SECRET = "bench-signing-secret-not-a-real-one";
const ANSWER_WAIT_MS = 30_000;
const BOT_START_MS = 120_000;

/**
 * Starts the bot (real Bolt, HTTP mode, real engine on `indexDir`) in its own process against a loopback
 * fake Slack, then sends `concurrent` `/ask` commands at once, each from a different user so the per-user
 * rate limit is not what gets measured.
 */
export async function measureChatLoad(
  indexDir: string,
  dataDir: string,
  questions: readonly string[],
  concurrent: number,
  engine: { workers: number },
): Promise<ChatLoadResult> {
  // One response listener per command on the fake's emitter; Node warns past 10 by default.
  const defaultMaxListeners = EventEmitter.defaultMaxListeners;
  EventEmitter.defaultMaxListeners = Math.max(defaultMaxListeners, concurrent + 10);
  const fake = await startFakeSlack();
  const bot = spawnTs("chat-server-child.ts", [JSON.stringify({ indexDir, dataDir, apiUrl: fake.apiUrl, signingSecret: SIGNING_SECRET, workers: engine.workers })]);
  let stderr = "";
  bot.stderr.setEncoding("utf8").on("data", (text: string) => {
    stderr += text;
  });
  try {
    const port = await readyPort(bot.stdout, BOT_START_MS).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}: ${stderr.trim().split("\n").slice(-6).join("\n")}`);
    });
    const eventsUrl = `http://127.0.0.1:${port}/slack/events`;
    await sendAsk(fake, eventsUrl, "warm-up", questions[0] ?? "help", "U_WARMUP");
    const warmedUpStderr = stderr.length;
    const runs = await Promise.all(
      Array.from({ length: concurrent }, (_, i) => sendAsk(fake, eventsUrl, `load-${i}`, questions[i % questions.length] ?? "help", `U_LOAD_${i}`)),
    );
    const failures = runs.filter((run) => run.outcome === "error");
    return {
      variant: engine.workers === 0 ? "ENGINE_WORKERS=0: engine on the main thread, beside Bolt" : `ENGINE_WORKERS=${engine.workers}: engine pool (this machine's default)`,
      concurrent,
      ack: summarise(runs.map((run) => run.ackMs)),
      answer: summarise(runs.flatMap((run) => (run.answerMs === undefined ? [] : [run.answerMs]))),
      answered: runs.filter((run) => run.outcome === "answer").length,
      notices: runs.filter((run) => run.outcome === "notice").length,
      errors: failures.length,
      errorDetails: failures.map((run) => run.detail ?? "unknown"),
      botWarnings: stderr.slice(warmedUpStderr).split("\n").filter((line) => line.trim() !== "").length,
    };
  } finally {
    bot.stdin.end();
    if (bot.exitCode === null && bot.signalCode === null) {
      // The bot stops on end of stdin; one that hung is killed rather than holding the run.
      const timer = setTimeout(() => bot.kill("SIGKILL"), 10_000);
      await once(bot, "exit");
      clearTimeout(timer);
    }
    await fake.close();
    EventEmitter.defaultMaxListeners = defaultMaxListeners;
  }
}

interface AskRun {
  ackMs: number;
  answerMs?: number;
  outcome: "answer" | "notice" | "error";
  detail?: string;
}

async function sendAsk(fake: FakeSlack, eventsUrl: string, id: string, question: string, user: string): Promise<AskRun> {
  const responsePath = `/response/${id}`;
  const posted = fake.waitForResponsePost((post) => post.path === responsePath);
  const body = commandForm({ command: "/ask", text: question, responseUrl: fake.responseUrl(id), user });
  const started = performance.now();
  const ack = await signedPost(eventsUrl, body, "application/x-www-form-urlencoded", { secret: SIGNING_SECRET });
  const ackMs = performance.now() - started;
  if (ack.status !== 200) return { ackMs, outcome: "error", detail: `${id}: ack was HTTP ${ack.status}` };
  const post = await Promise.race([posted, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ANSWER_WAIT_MS).unref())]);
  if (!post) return { ackMs, outcome: "error", detail: `${id}: nothing reached response_url within ${ANSWER_WAIT_MS} ms` };
  const answerMs = performance.now() - started;
  const outcome = classify(post);
  return { ackMs, answerMs, outcome, detail: outcome === "error" ? `${id}: ${String(post.body.text).slice(0, 160)}` : undefined };
}

/** Answers carry the "Post to channel" button; error replies start with a warning sign; the rest are notices. */
function classify(post: ResponsePost): AskRun["outcome"] {
  if (String(post.body.text ?? "").startsWith(":warning:")) return "error";
  return JSON.stringify(post.body.blocks ?? []).includes("citebot_post_to_channel") ? "answer" : "notice";
}

function readyPort(stdout: NodeJS.ReadableStream, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: stdout });
    const timer = setTimeout(() => finish(new Error(`the bot was not ready within ${timeoutMs} ms`)), timeoutMs);
    let settled = false;
    const finish = (outcome: number | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (typeof outcome === "number") resolve(outcome);
      else reject(outcome);
      // Closing emits "close" synchronously, which must not count as the bot ending.
      lines.close();
    };
    lines.on("line", (line) => {
      const match = /^ready (\d+)$/.exec(line);
      if (match) finish(Number(match[1]));
    });
    lines.on("close", () => finish(new Error("the bot process ended before it was ready")));
  });
}
