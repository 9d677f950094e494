import { describe, expect, it } from "vitest";
import { loadText } from "../../src/corpus/load-text.js";

describe("loadText", () => {
  it("takes a short first line as the title and makes it a heading", () => {
    const document = loadText("deploy.txt", "Deploy notes\n\nThe deploy runs nightly.\n");
    expect({ title: document.title, firstLine: document.text.split("\n")[0] }).toEqual({ title: "Deploy notes", firstLine: "# Deploy notes" });
  });

  it("does not take a first line that ends a sentence as the title", () => {
    expect(loadText("deploy-notes.txt", "The deploy runs nightly.\nIt takes an hour.\n").title).toBe("Deploy notes");
  });

  it("derives the title from the file name for a single-line file", () => {
    expect(loadText("on-call.txt", "Page the on-call engineer").title).toBe("On call");
  });

  it("uses the source path as the url", () => {
    expect(loadText("ops/deploy.txt", "Deploy notes\n\nText.\n").url).toBe("ops/deploy.txt");
  });

  it("normalises Windows line endings and trailing spaces", () => {
    expect(loadText("a.txt", "Title\r\n\r\nFirst line.   \r\n").text).not.toMatch(/\r| \n/);
  });

  it("collapses runs of blank lines", () => {
    expect(loadText("a.txt", "One.\n\n\n\n\nTwo.\n").text).toBe("One.\n\nTwo.");
  });

  it("repairs mojibake and entities", () => {
    expect(loadText("a.txt", "itâ€™s 5 Î¼s &amp; fast.").text).toBe("it’s 5 μs & fast.");
  });

  // BUG: plain text is not reflowed, so a hard-wrapped sentence is cut at the line end and the
  // chunk's sentences (the units the engine quotes) are half-sentences.
  it("reflows hard-wrapped paragraph lines into one line", () => {
    const raw = "Deploy notes\n\nThe deploy runs every night and it copies the\nbuild to the servers before the smoke tests run.\n";
    expect(loadText("deploy.txt", raw).text).toContain("The deploy runs every night and it copies the build to the servers before the smoke tests run.");
  });
});
