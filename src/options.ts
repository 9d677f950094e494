import type { z } from "zod";
import { CitebotError, ErrorCode } from "./errors.js";

/**
 * A part's options over its defaults, merged once at construction (an unset or undefined field takes its default,
 * as hono picks each with `??`), each field checked against its schema so a bad value is named by the part and
 * field that took it, as LangChain's constructors do.
 */
export function resolveOptions<T extends object>(owner: string, defaults: Required<T>, options: T, checks: { [K in keyof T]?: z.ZodType } = {}): Required<T> {
  const resolved = { ...defaults } as Required<T>;
  for (const key of Object.keys(options) as Array<keyof T>) {
    const value = options[key];
    if (value !== undefined) resolved[key] = value as Required<T>[keyof T];
  }
  for (const [key, schema] of Object.entries(checks) as Array<[string, z.ZodType | undefined]>) {
    const checked = schema?.safeParse(resolved[key as keyof T]);
    if (checked && !checked.success) {
      throw new CitebotError(ErrorCode.ConfigInvalid, `${owner}: option ${key} ${checked.error.issues[0]?.message ?? "is invalid"} (got ${JSON.stringify(resolved[key as keyof T])})`);
    }
  }
  return resolved;
}
