import { asCitebotError } from "../errors.js";
import type { Logger } from "../logger.js";

/** Where partial answer text is shown: one message, posted with the first text and then edited in place. */
export interface LiveMessageTarget<Handle> {
  /** Posts the first text; resolves with what `edit` needs to find that message again. */
  post(text: string): Promise<Handle>;
  edit(handle: Handle, text: string): Promise<unknown>;
}

export interface LiveMessageOptions {
  /** Least time between the starts of two writes (post or edit); text arriving sooner waits, and only the latest is written. */
  minIntervalMs: number;
  logger: Logger;
  now?: () => number;
}

export interface LiveMessage<Handle> {
  /** Shows this text as soon as the interval allows, unless newer text replaces it first. Never throws. */
  show(text: string): void;
  /**
   * Stops showing text and waits for a write already under way. Resolves with the posted message's handle, for the
   * caller to replace with the final reply, or undefined when nothing was posted (the final reply is sent as usual).
   * Safe to call more than once.
   */
  close(): Promise<Handle | undefined>;
}

/**
 * Shows text that keeps growing (an answer as an LLM writes it) in one chat message at a bounded rate: platforms
 * rate-limit edits, and a queue of stale edits would only delay the final answer. Writes never overlap.
 */
export function createLiveMessage<Handle>(target: LiveMessageTarget<Handle>, options: LiveMessageOptions): LiveMessage<Handle> {
  const now = options.now ?? (() => performance.now());
  let handle: Handle | undefined;
  let pending: string | undefined;
  let lastWriteAt = Number.NEGATIVE_INFINITY;
  let writing: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  function schedule(): void {
    if (closed || pending === undefined || writing || timer) return;
    const wait = lastWriteAt + options.minIntervalMs - now();
    if (wait > 0) {
      timer = setTimeout(() => {
        timer = undefined;
        schedule();
      }, wait);
      return;
    }
    const text = pending;
    pending = undefined;
    lastWriteAt = now();
    const posted = handle;
    writing = (posted === undefined ? target.post(text).then((created) => void (handle = created)) : target.edit(posted, text).then(() => undefined))
      .catch((error: unknown) => {
        // The final reply does not depend on these writes; stop rather than retry into the same failure.
        closed = true;
        options.logger.warn({ err: asCitebotError(error) }, posted === undefined ? "could not post the answer in progress" : "could not update the answer in progress");
      })
      .finally(() => {
        writing = undefined;
        schedule();
      });
  }

  return {
    show(text) {
      if (closed) return;
      pending = text;
      schedule();
    },
    async close() {
      closed = true;
      pending = undefined;
      clearTimeout(timer);
      timer = undefined;
      await writing;
      return handle;
    },
  };
}
