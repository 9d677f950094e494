import { randomBytes } from "node:crypto";

/** `E-1A2B3C4D`: shown to a user with an apology and logged with the full error, so the team can find one from the other. */
export function newReferenceId(): string {
  return `E-${randomBytes(4).toString("hex").toUpperCase()}`;
}
