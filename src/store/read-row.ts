import { z } from "zod";
import { CitebotError, ErrorCode } from "../errors.js";

/** Validates what the store read back; a row that does not match is a coded error naming the table, never a guess. */
export function readRow<Schema extends z.ZodType>(schema: Schema, row: unknown, what: string): z.output<Schema> {
  const parsed = schema.safeParse(row);
  if (!parsed.success) {
    throw new CitebotError(ErrorCode.StoreFailed, `The store holds ${what} that this citebot cannot read: ${z.prettifyError(parsed.error).replace(/\n/g, "; ")}`);
  }
  return parsed.data;
}

/** A text column holding JSON, parsed and then validated by `schema`. */
export function jsonText<Schema extends z.ZodType>(schema: Schema) {
  return z
    .string()
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: "custom", message: "is not JSON" });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/** Epoch milliseconds: a number from SQLite, and from PostgreSQL's int8 (as a string if a pool without our parser read it). */
export const millis = z.coerce.number().int();
