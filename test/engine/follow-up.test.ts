import { describe, expect, it } from "vitest";
import { foldFollowUp, isElliptic } from "../../src/chat/follow-up.js";

describe("foldFollowUp", () => {
  const history = [{ question: "Should we use Django for analytics ingest?" }];

  it("swaps the named tool in a 'what about X' follow-up", () => {
    expect(foldFollowUp(history, "and what about Rails?")).toBe("Should we use Rails for analytics ingest?");
  });

  it("joins a pronoun follow-up with the previous question", () => {
    expect(foldFollowUp(history, "does it scale?")).toBe("does it scale (Should we use Django for analytics ingest)?");
  });

  it("leaves a self-contained question alone", () => {
    expect(foldFollowUp(history, "How did Discord handle millions of concurrent users?")).toBe("How did Discord handle millions of concurrent users?");
  });

  it("leaves the first question of a thread alone", () => {
    expect(foldFollowUp([], "and what about Rails?")).toBe("and what about Rails?");
  });

  it("recognises elliptic follow-ups", () => {
    expect(isElliptic("what about Go?")).toBe(true);
    expect(isElliptic("why is that?")).toBe(true);
    expect(isElliptic("Which companies moved from Node.js to Go and why did they do it?")).toBe(false);
  });
});
