import { describe, expect, it } from "vitest";
import { foldFollowUp, isElliptic } from "../../src/engine/follow-up.js";
import { buildVocabulary } from "../../src/engine/vocabulary.js";
import { chunksOf } from "../helpers/chunks.js";

const vocabulary = buildVocabulary(
  chunksOf({
    "frameworks.md": [
      "# Frameworks",
      "",
      "## Analytics",
      "",
      "Teams ingest analytics events with Django. Others ingest them with Elixir. Most teams at scale move ingest to Elixir. We benchmarked Elixir against Django.",
      "",
    ].join("\n"),
  }),
);

const PREVIOUS = "Should we use Django for analytics ingest?";
const fold = (text: string, previous: string | undefined = PREVIOUS) => foldFollowUp(previous, text, vocabulary);

describe("foldFollowUp", () => {
  it("swaps the named tool in a “what about X” follow-up", () => {
    expect(fold("and what about Rails?")).toBe("Should we use Rails for analytics ingest?");
  });

  it("swaps in a name written in lower case that the corpus knows as a name", () => {
    expect(fold("what about elixir?")).toBe("Should we use elixir for analytics ingest?");
  });

  it("turns a “vs X” follow-up into a comparison with the previous question", () => {
    expect(fold("vs Elixir?")).toBe("Should we use Django for analytics ingest vs Elixir?");
  });

  it("folds the previous question into “why?”", () => {
    expect(fold("why?")).toBe("why (Should we use Django for analytics ingest)?");
  });

  it("folds the previous question into “by how much?”", () => {
    expect(fold("by how much?", "Did Uber get faster after moving to Go?")).toBe("by how much (Did Uber get faster after moving to Go)?");
  });

  it("folds the previous question into a short question about “it”", () => {
    expect(fold("does it scale?")).toBe("does it scale (Should we use Django for analytics ingest)?");
  });

  it("leaves a self-contained question unchanged", () => {
    expect(fold("How did Discord handle millions of concurrent users?")).toBe("How did Discord handle millions of concurrent users?");
  });

  it("leaves the first question of a thread unchanged", () => {
    expect(foldFollowUp(undefined, "and what about Rails?", vocabulary)).toBe("and what about Rails?");
  });
});

describe("isElliptic", () => {
  it.each(["what about Go?", "why is that?", "why?", "is it fast?", "by how much?"])("takes “%s” for a follow-up", (text) => {
    expect(isElliptic(text)).toBe(true);
  });

  it.each(["Which companies moved from Node.js to Go and why did they do it?", "How does Django scale?"])("takes “%s” for a question of its own", (text) => {
    expect(isElliptic(text)).toBe(false);
  });
});
