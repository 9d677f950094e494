import type { Reply } from "./reply.js";

/** The answer to a question that arrives while the bot is stopping (SIGTERM/SIGINT): it will not be answered here. */
export const RESTARTING: Reply = { kind: "notice", reason: "restarting", text: "I'm restarting right now, so I can't take new questions. Please ask again in a moment." };

/** Sent to the asker of an answer still unfinished when the shutdown grace period ends. */
export const ABANDONED: Reply = {
  kind: "notice",
  reason: "restarting",
  text: "Sorry, I had to restart before I could finish answering this. Please ask again in a moment.",
};
