import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { StoreEngine } from "./engine.js";
import { FeedbackCitation, feedbackRow, Verdict } from "./feedback.js";
import { Platform } from "./records.js";
import type { HashUserId } from "./user-hash.js";

/** One line of the JSON Lines feedback file citebot wrote before the store (src/chat/feedback-store.ts, since removed). */
const LegacyFeedbackLine = z.object({
  answerId: z.string(),
  platform: Platform,
  verdict: Verdict,
  question: z.string(),
  answer: z.string(),
  citations: z.array(FeedbackCitation),
  userId: z.string(),
  channelId: z.string(),
  restored: z.boolean().optional(),
  at: z.iso.datetime(),
});

export type FeedbackImport =
  | { status: "imported"; imported: number; skipped: number }
  | { status: "already_imported" }
  | { status: "no_file" };

const INSERT_BATCH = 200;

/**
 * Copies the JSON Lines feedback file into the store, once: a marker row in store_meta, inserted in the same
 * transaction as the records under the import lock, says it is done; a second process (or start) waits for the first
 * and then finds the marker. Each record's id is a hash of its line, so even a re-import (marker deleted by hand)
 * adds nothing twice. Torn or invalid lines (a crash mid-append) are counted and skipped, as the file store did.
 * A missing file is not marked: a file that appears later (an older replica still writing it) is imported then.
 */
export async function importFeedbackJsonl(engine: StoreEngine, file: string, hashUserId: HashUserId, now: () => number): Promise<FeedbackImport> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { status: "no_file" };
    throw error;
  }
  const rows: ReturnType<typeof feedbackRow>[] = [];
  let skipped = 0;
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const parsed = parseLine(line);
    if (!parsed) {
      skipped += 1;
      continue;
    }
    rows.push(feedbackRow(`jsonl-${createHash("sha256").update(line).digest("hex").slice(0, 32)}`, parsed, hashUserId, now));
  }
  const marker = `import:feedback.jsonl:${path.resolve(file)}`;
  return engine.exclusive("feedback-import", async (trx) => {
    const claimed = await trx
      .insertInto("store_meta")
      .values({ key: marker, value: JSON.stringify({ imported: rows.length, skipped }), updated_at: now() })
      .onConflict((conflict) => conflict.column("key").doNothing())
      .returning("key")
      .executeTakeFirst();
    if (!claimed) return { status: "already_imported" };
    let imported = 0;
    for (let start = 0; start < rows.length; start += INSERT_BATCH) {
      const result = await trx
        .insertInto("feedback")
        .values(rows.slice(start, start + INSERT_BATCH))
        .onConflict((conflict) => conflict.column("id").doNothing())
        .executeTakeFirst();
      imported += Number(result.numInsertedOrUpdatedRows ?? 0n);
    }
    return { status: "imported", imported, skipped };
  });
}

function parseLine(line: string): z.infer<typeof LegacyFeedbackLine> | undefined {
  try {
    const parsed = LegacyFeedbackLine.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
