import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { CitebotError, ErrorCode } from "../errors.js";

export const FeedbackRecord = z.object({
  answerId: z.string(),
  platform: z.enum(["slack", "discord", "cli"]),
  verdict: z.enum(["up", "down"]),
  question: z.string(),
  answer: z.string(),
  citations: z.array(z.object({ id: z.number(), title: z.string(), section: z.string(), url: z.string() })),
  userId: z.string(),
  channelId: z.string(),
  /**
   * True when the answer was no longer in memory (citebot restarted since) and the record was rebuilt from what the
   * button and its message carry: the question and sources may be clipped, the answer text partial or empty.
   */
  restored: z.boolean().optional(),
  at: z.string(),
});
export type FeedbackRecord = z.infer<typeof FeedbackRecord>;

export interface FeedbackStore {
  record(entry: Omit<FeedbackRecord, "at">): Promise<FeedbackRecord>;
  all(): Promise<FeedbackRecord[]>;
}

export function feedbackFile(dataDir: string): string {
  return path.join(dataDir, "feedback.jsonl");
}

/**
 * An append-only JSON Lines file: one record per line, fsynced before `record` resolves.
 * A crash mid-append can only leave a partial last line, which `all` skips, so the store stays readable
 * and loses at most the record being written.
 */
export function openFeedbackStore(file: string): FeedbackStore {
  let queue: Promise<unknown> = Promise.resolve();
  const append = (line: string) =>
    new Promise<void>((resolve, reject) => {
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const fd = fs.openSync(file, "a");
        try {
          // A previous crash may have left a line without its newline; start on a fresh line.
          const size = fs.fstatSync(fd).size;
          const prefix = size > 0 && lastByte(file, size) !== 0x0a ? "\n" : "";
          fs.writeSync(fd, prefix + line + "\n");
          fs.fsyncSync(fd);
        } finally {
          fs.closeSync(fd);
        }
        resolve();
      } catch (error) {
        reject(new CitebotError(ErrorCode.FeedbackStoreFailed, `Could not write feedback to ${file}: ${(error as Error).message}`, { cause: error }));
      }
    });

  return {
    async record(entry) {
      const record = FeedbackRecord.parse({ ...entry, at: new Date().toISOString() });
      const write = queue.then(() => append(JSON.stringify(record)));
      queue = write.catch(() => undefined);
      await write;
      return record;
    },
    async all() {
      await queue;
      let text: string;
      try {
        text = await fs.promises.readFile(file, "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
        throw error;
      }
      const records: FeedbackRecord[] = [];
      for (const line of text.split("\n")) {
        if (!line.trim()) continue;
        try {
          const parsed = FeedbackRecord.safeParse(JSON.parse(line));
          if (parsed.success) records.push(parsed.data);
        } catch {
          // a torn line from a crash mid-write: skipped, the rest stays readable
        }
      }
      return records;
    },
  };
}

function lastByte(file: string, size: number): number | undefined {
  const fd = fs.openSync(file, "r");
  try {
    const buffer = Buffer.alloc(1);
    fs.readSync(fd, buffer, 0, 1, size - 1);
    return buffer[0];
  } finally {
    fs.closeSync(fd);
  }
}
