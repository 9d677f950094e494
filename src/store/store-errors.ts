import { CitebotError, ErrorCode, isCitebotError } from "../errors.js";

/**
 * Wraps each method of a store part so a driver error (SQLITE_BUSY past the timeout, a dropped PostgreSQL
 * connection) leaves it as a `store_failed` CitebotError naming the operation, never a bare driver error.
 */
export function withStoreErrors<Part extends object>(part: Part, name: string, location: string): Part {
  const wrapped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(part)) {
    if (typeof value !== "function") {
      wrapped[key] = value;
      continue;
    }
    wrapped[key] = (...args: unknown[]) => {
      const result: unknown = value.apply(part, args);
      return result instanceof Promise ? result.catch((error: unknown) => Promise.reject(asStoreError(error, `${name}.${key}`, location))) : result;
    };
  }
  return wrapped as Part;
}

function asStoreError(error: unknown, operation: string, location: string): CitebotError {
  if (isCitebotError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new CitebotError(ErrorCode.StoreFailed, `The store (${location}) failed during ${operation}: ${message}`, { cause: error });
}
