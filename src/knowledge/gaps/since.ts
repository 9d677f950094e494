import { CitebotError, ErrorCode } from "../../errors.js";

const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

/** `7d`, `12h`, `2w`, or a date (`2025-03-01`, any ISO time): the start of the period a report covers. */
export function parseSince(text: string, now: Date): Date {
  const relative = /^(\d{1,5})([hdw])$/i.exec(text.trim());
  if (relative) return new Date(now.getTime() - Number(relative[1]) * UNIT_MS[relative[2]!.toLowerCase() as keyof typeof UNIT_MS]);
  if (/^\d{4}-\d{2}-\d{2}/.test(text.trim())) {
    const date = new Date(text.trim());
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new CitebotError(ErrorCode.ConfigInvalid, `--since ${text}: give a period such as 7d, 12h or 2w, or a date such as 2025-03-01`);
}
