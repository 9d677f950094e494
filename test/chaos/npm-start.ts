import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { REPO_ROOT } from "../helpers/real-corpus.js";
import { type Exit, isolatedEnv } from "../reliability/child-process.js";

/** One pino line the bot wrote to stderr. */
export interface LogLine {
  level: number;
  msg: string;
  pid?: number;
  [key: string]: unknown;
}

/** `npm start` as an operator runs it: the npm process, the bot under it, and what the bot logged. */
export interface NpmStart {
  /** The npm process; signals sent to it reach the bot only if the start script lets them. */
  npm: ChildProcess;
  exited: Promise<Exit>;
  stderr(): string;
  logs(): LogLine[];
  /** Resolves with the first log line (already written or still to come) that matches; rejects after `timeoutMs` or on exit. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** The bot's own pid, from its log lines. */
  botPid(): Promise<number>;
  /** Whether the bot's process still exists. */
  botAlive(): Promise<boolean>;
  /** Kills npm and the bot (SIGKILL), for cleanup. */
  destroy(): Promise<void>;
}

/** Every process started here, killed when the test worker exits, so a timed-out test leaves no bot running. */
const started = new Set<{ npm: ChildProcess; botPid: () => number | undefined }>();
process.once("exit", () => {
  for (const run of started) {
    for (const pid of [run.botPid(), run.npm.pid]) {
      try {
        if (pid) process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
});

export const INJECT_FAULTS = path.join(REPO_ROOT, "test/chaos/inject-faults.mjs");
export const KILL_AFTER_ACK = path.join(REPO_ROOT, "test/chaos/kill-after-ack.mjs");
const WAIT_MS = 60_000;

/** Spawns `npm start` with only these settings (a developer's .env cannot leak in); `preload` modules are loaded into node too. */
export function npmStart(settings: Record<string, string>, options: { preload?: string[] } = {}): NpmStart {
  const env = isolatedEnv(settings);
  if (options.preload?.length) env.NODE_OPTIONS = options.preload.map((file) => `--import=${file}`).join(" ");
  const npm = spawn("npm", ["start", "--silent"], { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  const lines: LogLine[] = [];
  const waiters: Array<{ match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }> = [];
  let partial = "";
  npm.stderr?.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    stderr += text;
    partial += text;
    const complete = partial.split("\n");
    partial = complete.pop() ?? "";
    for (const raw of complete) {
      if (!raw.startsWith("{")) continue;
      let line: LogLine;
      try {
        line = JSON.parse(raw) as LogLine;
      } catch {
        continue;
      }
      lines.push(line);
      for (const waiter of waiters.filter((candidate) => candidate.match(line))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  npm.stdout?.resume();
  const exited = once(npm, "exit").then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  const knownPid = () => lines.find((line) => typeof line.pid === "number")?.pid;
  const tracked = { npm, botPid: knownPid };
  started.add(tracked);

  const waitForLog = (match: (line: LogLine) => boolean, timeoutMs = WAIT_MS) => {
    const seen = lines.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise<LogLine>((resolve, reject) => {
      const waiter = { match, resolve };
      waiters.push(waiter);
      const fail = (why: string) => {
        const index = waiters.indexOf(waiter);
        if (index < 0) return;
        waiters.splice(index, 1);
        reject(new Error(`${why} before the awaited log line; stderr tail:\n${stderr.slice(-3_000)}`));
      };
      const timer = setTimeout(() => fail(`no match within ${timeoutMs} ms`), timeoutMs);
      void exited.then(() => fail("npm start exited"));
      const done = waiter.resolve;
      waiter.resolve = (line) => {
        clearTimeout(timer);
        done(line);
      };
    });
  };
  const botPid = async () => Number((await waitForLog((line) => typeof line.pid === "number")).pid);
  const botAlive = async () => {
    try {
      process.kill(await botPid(), 0);
      return true;
    } catch {
      return false;
    }
  };
  return {
    npm,
    exited,
    stderr: () => stderr,
    logs: () => lines,
    waitForLog,
    botPid,
    botAlive,
    async destroy() {
      const pid = knownPid();
      if (pid) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
      if (npm.exitCode === null && npm.signalCode === null) npm.kill("SIGKILL");
      await exited;
      started.delete(tracked);
    },
  };
}

/** The settings every chaos run shares: its own corpus, index and data folders, quick limits, a free port. */
export function baseSettings(work: string): Record<string, string> {
  return {
    CORPUS_DIR: path.join(work, "corpus"),
    INDEX_DIR: path.join(work, "index"),
    DATA_DIR: path.join(work, "data"),
    PORT: "0",
    RATE_LIMIT_PER_MINUTE: "10000",
  };
}

export const isReady = (line: LogLine) => line.msg === "citebot ready";
