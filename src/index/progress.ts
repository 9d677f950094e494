import cliProgress from "cli-progress";

export interface Progress {
  start(label: string, total: number): void;
  advance(by: number): void;
  stop(): void;
}

/** A bar on a terminal; on a pipe or in CI, a plain line every tenth of the way. */
export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream, format: "{label} [{bar}] {percentage}% | eta {eta}s", hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    return {
      start: (label, total) => bar.start(total, 0, { label }),
      advance: (by) => bar.increment(by),
      stop: () => bar.stop(),
    };
  }
  let label = "";
  let total = 0;
  let done = 0;
  let lastTenth = -1;
  const percent = () => `${Math.floor((done / Math.max(1, total)) * 100)}%`;
  return {
    start(nextLabel, nextTotal) {
      label = nextLabel;
      total = nextTotal;
      done = 0;
      lastTenth = -1;
      stream.write(`${label}: 0%\n`);
    },
    advance(by) {
      done += by;
      const tenth = Math.floor((done / Math.max(1, total)) * 10);
      if (tenth > lastTenth && done < total) {
        lastTenth = tenth;
        stream.write(`${label}: ${percent()}\n`);
      }
    },
    stop() {
      stream.write(`${label}: ${done >= total ? "done" : percent()}\n`);
    },
  };
}

export const silentProgress: Progress = { start() {}, advance() {}, stop() {} };
